import type { Stats } from '@crosswind/schema';

/**
 * Approximate distributions from the summary percentiles of a result. The engine returns
 * min, P5, P25, P50, P75, P95 and max per metric (not every run), so the CDF is interpolated
 * through those seven knots with a monotone cubic (Fritsch–Carlson), which keeps it
 * non-decreasing, and the share of runs per bin is read off as CDF differences. Shape between
 * knots is an interpolation; the knots themselves are exact.
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

/** Monotone cubic interpolation of the CDF through the knots. */
export function makeCdf(knots: Knot[]): (x: number) => number {
  const n = knots.length;
  if (n === 1) {
    const only = knots[0] as Knot;
    return (x) => (x < only.x ? 0 : 1);
  }
  const xs = knots.map((k) => k.x);
  const ps = knots.map((k) => k.p);
  const d: number[] = [];
  for (let i = 0; i < n - 1; i++) d.push(((ps[i + 1] as number) - (ps[i] as number)) / ((xs[i + 1] as number) - (xs[i] as number)));
  const m: number[] = new Array<number>(n).fill(0);
  m[0] = d[0] as number;
  m[n - 1] = d[n - 2] as number;
  for (let i = 1; i < n - 1; i++) {
    const a = d[i - 1] as number;
    const b = d[i] as number;
    m[i] = a * b <= 0 ? 0 : (2 * a * b) / (a + b);
  }
  return (x) => {
    if (x <= (xs[0] as number)) return 0;
    if (x >= (xs[n - 1] as number)) return 1;
    let i = 0;
    while (i < n - 2 && x > (xs[i + 1] as number)) i++;
    const x0 = xs[i] as number;
    const h = (xs[i + 1] as number) - x0;
    const t = (x - x0) / h;
    const h00 = 2 * t ** 3 - 3 * t ** 2 + 1;
    const h10 = t ** 3 - 2 * t ** 2 + t;
    const h01 = -2 * t ** 3 + 3 * t ** 2;
    const h11 = t ** 3 - t ** 2;
    const v = h00 * (ps[i] as number) + h10 * h * (m[i] as number) + h01 * (ps[i + 1] as number) + h11 * h * (m[i + 1] as number);
    return Math.min(1, Math.max(0, v));
  };
}

export interface Bin {
  lo: number;
  hi: number;
  mid: number;
}

/** Equal-width bins covering the P5–P95 range of all series, widened to include `extra` points. */
export function binsFor(stats: Stats[], extra: number[] = [], count = 36): Bin[] {
  if (stats.length === 0) return [];
  let lo = Math.min(...stats.map((s) => s.p5));
  let hi = Math.max(...stats.map((s) => s.p95));
  const span = hi - lo || Math.abs(hi) || 1;
  lo = Math.min(lo - span * 0.15, ...extra.map((e) => e - span * 0.05));
  hi = Math.max(hi + span * 0.15, ...extra.map((e) => e + span * 0.05));
  lo = Math.max(lo, Math.min(...stats.map((s) => s.min)));
  hi = Math.min(hi, Math.max(...stats.map((s) => s.max)));
  for (const e of extra) {
    lo = Math.min(lo, e);
    hi = Math.max(hi, e);
  }
  if (hi <= lo) hi = lo + 1;
  const w = (hi - lo) / count;
  return Array.from({ length: count }, (_, i) => ({ lo: lo + i * w, hi: lo + (i + 1) * w, mid: lo + (i + 0.5) * w }));
}

/**
 * Share of runs in each bin, from the interpolated CDF, smoothed with a small Gaussian kernel
 * (weights 1-4-6-4-1) so that kinks of the interpolation at the knots do not read as extra modes.
 * Smoothing keeps the total (up to the outermost bins).
 */
export function binShares(s: Stats, bins: Bin[]): number[] {
  const cdf = makeCdf(knotsOf(s));
  const raw = bins.map((b) => cdf(b.hi) - cdf(b.lo));
  const w = [1, 4, 6, 4, 1];
  return raw.map((_, i) => {
    let sum = 0;
    let norm = 0;
    for (let k = -2; k <= 2; k++) {
      const v = raw[i + k];
      if (v === undefined) continue;
      const wk = w[k + 2] as number;
      sum += wk * v;
      norm += wk;
    }
    return norm > 0 ? sum / norm : 0;
  });
}

/** The statistics of -X, for showing a paired difference the other way round. */
export function negateStats(s: Stats): Stats {
  return {
    mean: -s.mean,
    sd: s.sd,
    min: -s.max,
    p5: -s.p95,
    p25: -s.p75,
    p50: -s.p50,
    p75: -s.p25,
    p95: -s.p5,
    max: -s.min,
    cvar95: -s.mean, // the lower-tail mean is not in the result; not displayed for flipped pairs
  };
}
