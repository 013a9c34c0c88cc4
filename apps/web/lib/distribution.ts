import type { Stats } from '@crosswind/schema';

/**
 * Distributions drawn from the summary percentiles of a result: the engine returns min, P5,
 * P25, P50, P75, P95 and max per metric (not every run), and these seven knots are exact.
 */
export interface Knot {
  x: number;
  p: number;
}

export function knotsOf(s: Stats): Knot[] {
  const raw: Knot[] = [
    { x: s.min, p: 0 },
    { x: s.p5, p: 0.05 },
    { x: s.p25, p: 0.25 },
    { x: s.p50, p: 0.5 },
    { x: s.p75, p: 0.75 },
    { x: s.p95, p: 0.95 },
    { x: s.max, p: 1 },
  ];
  // Merge knots with equal x (a point mass), keeping the highest probability.
  const out: Knot[] = [];
  for (const k of raw) {
    const last = out[out.length - 1];
    if (last && k.x <= last.x) last.p = Math.max(last.p, k.p);
    else out.push({ ...k });
  }
  return out;
}

/**
 * A histogram with variable-width bins read straight off the percentiles: each bin holds the
 * share of runs between two neighbouring percentiles (5% below P5, 20% from P5 to P25, ...), so
 * its height is that share divided by its width. Nothing is interpolated; it is as honest as
 * seven numbers allow. When the engine sent a histogram (total cost, paired differences), its
 * exact bins are used instead. Returns the density per `unit` of x at each of `xs` (step after).
 */
export function stepDensity(s: Stats, xs: readonly number[], unit: number): number[] {
  const h = s.histogram;
  if (h) {
    // Exact bins from the engine: the share of runs in each bin over its width.
    const n = h.counts.reduce((a, b) => a + b, 0) || 1;
    return xs.map((x) => {
      for (let i = 0; i < h.counts.length; i++) {
        const a = h.edges[i] ?? 0;
        const b = h.edges[i + 1] ?? a;
        const last = i === h.counts.length - 1;
        if (x >= a && (x < b || (last && x === b)) && b > a)
          return ((h.counts[i] ?? 0) / n / (b - a)) * unit;
      }
      return 0;
    });
  }
  const k = knotsOf(s);
  return xs.map((x) => {
    for (let i = 0; i < k.length - 1; i++) {
      const a = k[i] as Knot;
      const b = k[i + 1] as Knot;
      if (x >= a.x && x < b.x) return ((b.p - a.p) / (b.x - a.x)) * unit;
    }
    return 0;
  });
}

/** The x grid for step densities: every knot of every series inside [lo, hi], plus the ends. */
export function stepGrid(
  stats: readonly Stats[],
  extra: readonly number[] = [],
): { xs: number[]; unit: number; lo: number; hi: number } {
  let lo = Math.min(...stats.map((s) => s.p5), ...extra);
  let hi = Math.max(...stats.map((s) => s.p95), ...extra);
  const span = hi - lo || Math.abs(hi) || 1;
  lo = Math.max(lo - span * 0.12, Math.min(...stats.map((s) => s.min)));
  hi = Math.min(hi + span * 0.12, Math.max(...stats.map((s) => s.max)));
  for (const e of extra) {
    lo = Math.min(lo, e);
    hi = Math.max(hi, e);
  }
  const knots = stats
    .flatMap((s) => s.histogram?.edges ?? knotsOf(s).map((k) => k.x))
    .filter((x) => x > lo && x < hi);
  const xs = [...new Set([lo, ...knots, hi])].sort((a, b) => a - b);
  const unit = 10 ** Math.floor(Math.log10(Math.max(1e-9, (hi - lo) / 10)));
  return { xs, unit, lo, hi };
}
