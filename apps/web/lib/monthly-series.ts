/**
 * Monthly series the editor previews, computed exactly as the engine does in
 * packages/engine/src/prepare.ts, so the preview is the path the simulation will use.
 */

/**
 * A price factor from dated steps: 1 until the first step, then each step's factor from its
 * month on (steps sorted by month). Steps that are not numbers yet are skipped.
 * @example stepsSeries([{ month: 2, factor: 0.5 }], 4) // [1, 1, 0.5, 0.5]
 */
export function stepsSeries(
  steps: readonly { month?: unknown; factor?: unknown }[],
  horizonMonths: number,
): number[] {
  const valid = steps
    .filter(
      (s): s is { month: number; factor: number } =>
        typeof s.month === 'number' && typeof s.factor === 'number',
    )
    .sort((a, b) => a.month - b.month);
  const out: number[] = [];
  let factor = 1;
  let k = 0;
  for (let t = 0; t < horizonMonths; t++) {
    while (k < valid.length && (valid[k]?.month ?? horizonMonths) <= t)
      factor = valid[k++]?.factor ?? factor;
    out.push(factor);
  }
  return out;
}

/**
 * Demand multiplier of a fixed monthly growth rate: (1 + rate)^month.
 * @example growthSeries(0.1, 3) // [1, 1.1, 1.21]
 */
export function growthSeries(monthlyRate: number, horizonMonths: number): number[] {
  return Array.from({ length: horizonMonths }, (_, t) => Math.pow(1 + monthlyRate, t));
}

/** The horizon of a document being edited, when it is a usable number (else 24 for previews). */
export function previewHorizon(horizon: unknown): number {
  return typeof horizon === 'number' && Number.isInteger(horizon) && horizon >= 1 && horizon <= 120
    ? horizon
    : 24;
}
