/** Number formatting for strategists: compact currency, counts and probabilities. */

const compactUsd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumSignificantDigits: 3,
});
const plainUsd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 2,
});
const smallUsd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumSignificantDigits: 3,
});
const compactNumber = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumSignificantDigits: 3,
});
const plainNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatUsd(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 10_000) return compactUsd.format(value);
  if (abs > 0 && abs < 1) return smallUsd.format(value);
  return plainUsd.format(value);
}

export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return Math.abs(value) >= 10_000 ? compactNumber.format(value) : plainNumber.format(value);
}

export function formatPct(p: number, digits = 1): string {
  if (!Number.isFinite(p)) return '–';
  return `${(p * 100).toFixed(digits)}%`;
}

/** Axis ticks: short, unit-free (the axis label carries the unit). */
export function formatAxisUsd(value: number): string {
  return compactUsd.format(value);
}

export function formatAxisCount(value: number): string {
  return compactNumber.format(value);
}

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
