import { TOTAL_METRICS, type RunBatch } from './types.js';

/**
 * Merges batches of contiguous run ranges, given in any order, into one batch — exactly: every
 * float is copied to its run's slot, and only integer counts are added.
 * @example mergeBatches([simulateRange(s, {seed, start: 500, end: 1000}), simulateRange(s, {seed, start: 0, end: 500})])
 */
export function mergeBatches(batches: readonly RunBatch[]): RunBatch {
  if (batches.length === 0) throw new Error('mergeBatches needs at least one batch');
  const sorted = [...batches].sort((a, b) => a.start - b.start);
  const first = sorted[0];
  if (!first) throw new Error('mergeBatches needs at least one batch');
  const { strategies: S, months: H, offers: O } = first;
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (!prev || !cur || cur.start !== prev.end) {
      throw new Error(
        `mergeBatches: run ranges must be contiguous (gap or overlap at run ${cur?.start ?? '?'})`,
      );
    }
    if (
      cur.strategies !== S ||
      cur.months !== H ||
      cur.offers !== O ||
      cur.seed !== first.seed ||
      cur.engineVersion !== first.engineVersion
    ) {
      throw new Error(
        'mergeBatches: batches come from different scenarios, seeds or engine versions',
      );
    }
  }
  const start = first.start;
  const end = sorted[sorted.length - 1]?.end ?? start;
  const n = end - start;
  const out: RunBatch = {
    engineVersion: first.engineVersion,
    seed: first.seed,
    start,
    end,
    strategies: S,
    months: H,
    offers: O,
    totals: Object.fromEntries(
      TOTAL_METRICS.map((m) => [m, new Float64Array(S * n)]),
    ) as RunBatch['totals'],
    costByOffer: new Float64Array(S * O * n),
    monthlyCost: new Float64Array(S * H * n),
    monthlyServedShare: new Float64Array(S * H * n),
    monthlyUnserved: new Float64Array(S * H * n),
    monthlyForcedSum: new Float64Array(S * H),
    shareHistogram: new Uint32Array(first.shareHistogram.length),
    shareSumMicro: new Float64Array(first.shareSumMicro.length),
    samples: [],
  };
  /** Copies a `[row][run]` array of `rows` rows into the merged layout. */
  const copyRows = (
    dst: Float64Array,
    src: Float64Array,
    rows: number,
    m: number,
    offset: number,
  ) => {
    for (let row = 0; row < rows; row++)
      dst.set(src.subarray(row * m, (row + 1) * m), row * n + offset);
  };
  for (const b of sorted) {
    const m = b.end - b.start;
    const offset = b.start - start;
    for (const metric of TOTAL_METRICS)
      copyRows(out.totals[metric], b.totals[metric], S, m, offset);
    copyRows(out.costByOffer, b.costByOffer, S * O, m, offset);
    copyRows(out.monthlyCost, b.monthlyCost, S * H, m, offset);
    copyRows(out.monthlyServedShare, b.monthlyServedShare, S * H, m, offset);
    copyRows(out.monthlyUnserved, b.monthlyUnserved, S * H, m, offset);
    for (let i = 0; i < out.monthlyForcedSum.length; i++)
      out.monthlyForcedSum[i] = (out.monthlyForcedSum[i] ?? 0) + (b.monthlyForcedSum[i] ?? 0);
    for (let i = 0; i < out.shareHistogram.length; i++)
      out.shareHistogram[i] = (out.shareHistogram[i] ?? 0) + (b.shareHistogram[i] ?? 0);
    for (let i = 0; i < out.shareSumMicro.length; i++)
      out.shareSumMicro[i] = (out.shareSumMicro[i] ?? 0) + (b.shareSumMicro[i] ?? 0);
    out.samples.push(...b.samples);
  }
  return out;
}

/**
 * The ArrayBuffers of a batch, to transfer (not copy) it to another thread.
 * @example parentPort.postMessage(batch, transferables(batch));
 */
export function transferables(batch: RunBatch): ArrayBuffer[] {
  const arrays = [
    ...Object.values(batch.totals),
    batch.costByOffer,
    batch.monthlyCost,
    batch.monthlyServedShare,
    batch.monthlyUnserved,
    batch.monthlyForcedSum,
    batch.shareHistogram,
    batch.shareSumMicro,
  ];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
