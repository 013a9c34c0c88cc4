'use client';

import { ChoiceField, NumberField, useEditor } from './fields';
import type { ShockIn } from '@/lib/editor-ops';

const domId = (path: string) => `f-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;

/** When a shock fires: at a month, with a chance each month, or (releases) at a rate. */
export function TimingFields({ base, shock }: { base: string; shock: ShockIn }) {
  const { change } = useEditor();
  if (!('timing' in shock) || !shock.timing) return null;
  const t = shock.timing as Record<string, unknown>;
  const mode =
    'atMonth' in t ? 'atMonth' : 'hazardPerMonth' in t ? 'hazardPerMonth' : 'ratePerMonth';
  return (
    <>
      <ChoiceField
        id={domId(`${base}.timing-mode`)}
        label="When"
        value={mode}
        onChange={(m) =>
          change(
            `${base}.timing`,
            m === 'atMonth'
              ? { atMonth: 0 }
              : m === 'hazardPerMonth'
                ? { hazardPerMonth: 0.01 }
                : { ratePerMonth: 0.5 },
          )
        }
        options={[
          { value: 'atMonth', label: 'At a fixed month' },
          { value: 'hazardPerMonth', label: 'With a chance each month' },
          ...(shock.kind === 'release'
            ? [{ value: 'ratePerMonth', label: 'At a rate per month (recurring)' }]
            : []),
        ]}
      />
      {mode === 'atMonth' ? (
        <NumberField path={`${base}.timing.atMonth`} label="Month" unit="0 = start month" />
      ) : null}
      {mode === 'hazardPerMonth' ? (
        <NumberField
          path={`${base}.timing.hazardPerMonth`}
          label="Chance per month"
          unit="probability, e.g. 0.01 = 1%"
        />
      ) : null}
      {mode === 'ratePerMonth' ? (
        <NumberField
          path={`${base}.timing.ratePerMonth`}
          label="Releases"
          unit="per month per lab"
        />
      ) : null}
    </>
  );
}

/** How long a ban or capacity cut lasts: for good, a fixed number of months, or uncertain. */
export function DurationFields({ base, shock }: { base: string; shock: ShockIn }) {
  const { change } = useEditor();
  if (shock.kind !== 'ban' && shock.kind !== 'capacityCut') return null;
  const d = shock.duration ?? 'permanent';
  const mode = d === 'permanent' ? 'permanent' : 'months' in d ? 'months' : 'lognormal';
  return (
    <>
      <ChoiceField
        id={domId(`${base}.duration-mode`)}
        label="How long"
        value={mode}
        onChange={(m) =>
          change(
            `${base}.duration`,
            m === 'permanent'
              ? 'permanent'
              : m === 'months'
                ? { months: 6 }
                : { lognormalMonths: { median: 3, sigma: 0.8 } },
          )
        }
        options={[
          { value: 'permanent', label: 'Permanent' },
          { value: 'months', label: 'Fixed number of months' },
          { value: 'lognormal', label: 'Uncertain (median months)' },
        ]}
      />
      {mode === 'months' ? (
        <NumberField path={`${base}.duration.months`} label="Duration" unit="months" />
      ) : null}
      {mode === 'lognormal' ? (
        <>
          <NumberField
            path={`${base}.duration.lognormalMonths.median`}
            label="Median duration"
            unit="months"
          />
          <NumberField
            path={`${base}.duration.lognormalMonths.sigma`}
            label="Spread"
            unit="sd of ln(months)"
          />
        </>
      ) : null}
    </>
  );
}

export function describeTiming(s: ShockIn): string {
  if (s.kind === 'priceJumps') return `${String(s.ratePerMonth)} jumps per month per offer`;
  const t = ('timing' in s ? s.timing : undefined) as Record<string, unknown> | undefined;
  if (!t) return '';
  if (typeof t.atMonth === 'number') return `at month ${t.atMonth}`;
  if (typeof t.hazardPerMonth === 'number')
    return `${+(t.hazardPerMonth * 100).toFixed(2)}% chance per month`;
  if (typeof t.ratePerMonth === 'number') return `${t.ratePerMonth} per month per lab`;
  return '';
}

export function describeDuration(s: ShockIn): string {
  if (s.kind !== 'ban' && s.kind !== 'capacityCut') return '';
  const d = s.duration ?? 'permanent';
  if (d === 'permanent') return 'permanent';
  if ('months' in d) return `${d.months} months`;
  return `about ${d.lognormalMonths.median} months`;
}
