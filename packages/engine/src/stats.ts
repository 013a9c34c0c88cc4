import type { Bands, Stats } from '@crosswind/schema';

/**
 * Summary statistics without sorting. Order statistics come from a bounded histogram: one pass
 * for min and max, one to count values into n / 4 bins (at most 65,536), then only the few
 * values in the bins that hold the wanted ranks are examined (recursively, if a bin is
 * crowded). That is O(n) and exact — the same order statistics a full sort would give — and it
 * only reads the input in its given (run) order, so results never depend on how runs were split
 * across workers.
 */

/** At most 2^16 bins (a bin index fits a Uint16): about 4 values per bin up to 262,144 values. */
const BINS = 65536;
const SMALL = 64;

/**
 * The values of rank `ranks[i]` (0-based, ascending order) of `data`, for sorted distinct ranks.
 * @example orderStatistics(Float64Array.of(5, 1, 3), [0, 2]) // [1, 5]
 */
export function orderStatistics(data: Float64Array, ranks: readonly number[]): number[] {
  const out = new Array<number>(ranks.length).fill(Number.NaN);
  select(data, 0, ranks, 0, ranks.length, out, null);
  return out;
}

/** Bin of each value in `select`'s counting pass, kept for its gathering pass (bins <= 65,536). */
let binOf = new Uint16Array(0);
/** `select`'s bin counts, and each bin's slot among the wanted ones (-1: none, restored after use). */
const countScratch = new Uint32Array(BINS);
const slotScratch = new Int32Array(BINS).fill(-1);

function select(
  values: Float64Array,
  offset: number,
  ranks: readonly number[],
  ra: number,
  rb: number,
  out: number[],
  sumOut: Float64Array | null,
): void {
  const n = values.length;
  if (rb <= ra || n === 0) return;
  if (n <= SMALL) {
    if (sumOut) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += values[i] ?? 0;
      sumOut[0] = sum;
    }
    const sorted = Float64Array.from(values).sort();
    for (let i = ra; i < rb; i++) out[i] = sorted[(ranks[i] ?? 0) - offset] ?? Number.NaN;
    return;
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? 0;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) {
    for (let i = ra; i < rb; i++) out[i] = min;
    return;
  }
  const bins = Math.max(16, Math.min(BINS, n >> 2));
  const scale = bins / (max - min);
  // Scratch shared by every call (a recursive call starts after its caller is done with it).
  const counts = countScratch.fill(0, 0, bins);
  if (binOf.length < n) binOf = new Uint16Array(n);
  const binOfValue = binOf;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    // (v - min) x scale is in [0, bins]: truncation is the floor; the max goes in the last bin.
    const v = values[i] ?? 0;
    sum += v;
    const at = ((v - min) * scale) | 0;
    const b = at < bins ? at : bins - 1;
    binOfValue[i] = b;
    counts[b] = (counts[b] ?? 0) + 1;
  }
  if (sumOut) sumOut[0] = sum;
  // Map each wanted rank to its bin; then one pass gathers the values of just those bins.
  const slotOfBin = slotScratch;
  const slots: {
    bin: number;
    lo: number;
    ra: number;
    rb: number;
    values: Float64Array;
    filled: number;
  }[] = [];
  let cum = 0;
  let ri = ra;
  for (let b = 0; b < bins && ri < rb; b++) {
    const count = counts[b] ?? 0;
    const lo = cum;
    cum += count;
    let rj = ri;
    while (rj < rb && (ranks[rj] ?? 0) - offset < cum) rj++;
    if (rj > ri) {
      slotOfBin[b] = slots.length;
      slots.push({ bin: b, lo, ra: ri, rb: rj, values: new Float64Array(count), filled: 0 });
      ri = rj;
    }
  }
  for (let i = 0; i < n; i++) {
    const slot = slotOfBin[binOfValue[i] ?? 0] ?? -1;
    if (slot < 0) continue;
    const target = slots[slot];
    if (target) target.values[target.filled++] = values[i] ?? 0;
  }
  for (const slot of slots) slotOfBin[slot.bin] = -1;
  for (const slot of slots) {
    if (slot.values.length === n) {
      // Cannot split further by value ranges (floating-point crowding): sort this one.
      const sorted = slot.values.sort();
      for (let i = slot.ra; i < slot.rb; i++)
        out[i] = sorted[(ranks[i] ?? 0) - offset - slot.lo] ?? Number.NaN;
    } else select(slot.values, offset + slot.lo, ranks, slot.ra, slot.rb, out, null);
  }
}

/** Percentile of type 7 (linear between order statistics), from precomputed order statistics. */
function interpolate(n: number, p: number, at: (rank: number) => number): number {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = at(lo);
  return a + (h - lo) * (at(hi) - a);
}

const PERCENTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

function ranksFor(n: number, extra: readonly number[]): number[] {
  const set = new Set<number>(extra);
  for (const p of PERCENTILES) {
    const h = (n - 1) * p;
    set.add(Math.floor(h));
    set.add(Math.min(n - 1, Math.floor(h) + 1));
  }
  return [...set].filter((r) => r >= 0 && r < n).sort((a, b) => a - b);
}

/**
 * Mean, sd, min, max, P5/P25/P50/P75/P95 and CVaR95 (mean of the worst ceil(5% n) runs) of a
 * sample. Sums run in index order, so equal inputs give bit-identical outputs.
 * @example summarizeSample(Float64Array.of(1, 2, 3, 4)).p50 // 2.5
 */
export function summarizeSample(data: Float64Array, histogramBins = 0): Stats {
  const n = data.length;
  if (n === 0) {
    // An empty sample has no histogram.
    return { mean: 0, sd: 0, min: 0, p5: 0, p25: 0, p50: 0, p75: 0, p95: 0, max: 0, cvar95: 0 };
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += data[i] ?? 0;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = (data[i] ?? 0) - mean;
    ss += d * d;
  }
  const tail = Math.max(1, Math.ceil(0.05 * n));
  const tailRank = n - tail;
  const ranks = ranksFor(n, [0, n - 1, tailRank]);
  const values = orderStatistics(data, ranks);
  const byRank = new Map(ranks.map((r, i) => [r, values[i] ?? Number.NaN]));
  const at = (r: number) => byRank.get(r) ?? Number.NaN;
  // CVaR: everything above the threshold, plus as many copies of the threshold as fill the tail.
  const threshold = at(tailRank);
  let above = 0;
  let countAbove = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i] ?? 0;
    if (v > threshold) {
      above += v;
      countAbove++;
    }
  }
  const [p5, p25, p50, p75, p95] = PERCENTILES.map((p) => interpolate(n, p, at)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  // A constant sample has exactly its value as mean and 0 as sd (no rounding residue).
  const constant = at(0) === at(n - 1);
  const stats: Stats = {
    mean: constant ? at(0) : mean,
    sd: n > 1 && !constant ? Math.sqrt(ss / (n - 1)) : 0,
    min: at(0),
    p5,
    p25,
    p50,
    p75,
    p95,
    max: at(n - 1),
    cvar95: (above + (tail - countAbove) * threshold) / tail,
  };
  if (histogramBins > 0) stats.histogram = histogram(data, at(0), at(n - 1), histogramBins);
  return stats;
}

/**
 * Counts of a sample in `bins` equal-width bins over [min, max] (the last bin is closed).
 * @example histogram(Float64Array.of(0, 1, 2, 3), 0, 3, 3) // { edges: [0, 1, 2, 3], counts: [1, 1, 2] }
 */
export function histogram(
  data: Float64Array,
  min: number,
  max: number,
  bins: number,
): { edges: number[]; counts: number[] } {
  const k = min === max ? 1 : bins;
  const width = min === max ? 1 : (max - min) / k;
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < data.length; i++) {
    const b = Math.min(k - 1, Math.floor(((data[i] ?? 0) - min) / width));
    counts[b] = (counts[b] ?? 0) + 1;
  }
  return {
    edges: Array.from({ length: k + 1 }, (_, i) => (i === k ? max : min + i * width)),
    counts,
  };
}

/**
 * Per-month bands from a `[month][run]` block of `months x n` values.
 * @example monthlyBands(block, 24, 10000).p50[0]
 */
export function monthlyBands(block: Float64Array, months: number, n: number): Bands {
  const bands: Bands = { mean: [], p5: [], p25: [], p50: [], p75: [], p95: [] };
  for (let t = 0; t < months; t++) {
    // Only what a band shows: the mean and five percentiles (no sd, tail or histogram passes),
    // the same numbers summarizeSample gives for them.
    const data = block.subarray(t * n, (t + 1) * n);
    if (n === 0) {
      for (const key of BAND_KEYS) bands[key].push(0);
      continue;
    }
    // The sum comes with the selection's counting pass (in index order: the same bits as a
    // pass of its own); when every value is the same there is none, and the mean is that value.
    const ranks = ranksFor(n, [0, n - 1]);
    const values = new Array<number>(ranks.length).fill(Number.NaN);
    const sumOut = Float64Array.of(Number.NaN);
    select(data, 0, ranks, 0, ranks.length, values, sumOut);
    const sum = sumOut[0] ?? Number.NaN;
    const byRank = new Map(ranks.map((r, i) => [r, values[i] ?? Number.NaN]));
    const at = (r: number) => byRank.get(r) ?? Number.NaN;
    bands.mean.push(at(0) === at(n - 1) ? at(0) : sum / n);
    PERCENTILES.forEach((p, i) => bands[PERCENTILE_KEYS[i] ?? 'p50'].push(interpolate(n, p, at)));
  }
  return bands;
}

const PERCENTILE_KEYS = ['p5', 'p25', 'p50', 'p75', 'p95'] as const;
const BAND_KEYS = ['mean', ...PERCENTILE_KEYS] as const;

/**
 * Percentile of a histogram of `bins + 1` counts over [0, 1] (bin i holds values near i / bins):
 * the nearest-rank percentile at the resolution of the histogram.
 * @example histogramPercentile(counts, 0, 1000, 0.5)
 */
export function histogramPercentile(
  counts: Uint32Array,
  offset: number,
  bins: number,
  p: number,
  n: number,
): number {
  const rank = Math.min(n - 1, Math.max(0, Math.round((n - 1) * p)));
  let cum = 0;
  for (let b = 0; b <= bins; b++) {
    cum += counts[offset + b] ?? 0;
    if (cum > rank) return b / bins;
  }
  return 1;
}

/**
 * Wilson score interval for a proportion k / n at 95% (z = 1.96); sensible at 0 and n.
 * @example wilsonInterval(50, 1000) // [0.038, 0.065]
 */
export function wilsonInterval(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959963984540054;
  const phat = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (phat + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((phat * (1 - phat)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * `Math.round(x)` for 0 <= x < 2^31, without a branch: x - floor(x) is exact, and doubling it
 * is 1 or more exactly when it is at least one half.
 * @example roundNonNegative(2.5) // 3
 */
export function roundNonNegative(x: number): number {
  const whole = x | 0;
  return whole + (((x - whole) * 2) | 0);
}
