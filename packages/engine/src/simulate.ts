import { fastExp } from './exp.js';
import type { Scenario, SimulationEvent } from '@crosswind/schema';
import { prepareScenario, type Prepared } from './prepare.js';
import { StrategyRun } from './strategy.js';
import { World } from './world.js';
import {
  ENGINE_VERSION,
  SHARE_BINS,
  TOTAL_METRICS,
  type EngineResult,
  type RunBatch,
  type RunRange,
} from './types.js';

/** Progress callback: runs done so far out of the range's runs. Called about 100 times at most. */
export type ProgressFn = (done: number, total: number) => void;

/** Allocates an empty batch for runs [start, end). @example allocateBatch(prepared, 2026, 0, 1000) */
export function allocateBatch(
  p: Prepared,
  seed: number | string,
  start: number,
  end: number,
): RunBatch {
  const n = end - start;
  const { S, H, O } = p;
  const totals = Object.fromEntries(
    TOTAL_METRICS.map((m) => [m, new Float64Array(S * n)]),
  ) as RunBatch['totals'];
  return {
    engineVersion: ENGINE_VERSION,
    seed,
    start,
    end,
    strategies: S,
    months: H,
    offers: O,
    totals,
    costByOffer: new Float64Array(S * O * n),
    monthlyCost: new Float64Array(S * H * n),
    monthlyServedShare: new Float64Array(S * H * n),
    monthlyUnserved: new Float64Array(S * H * n),
    monthlyForcedSum: new Float64Array(S * H),
    shareHistogram: new Uint32Array(S * O * H * (SHARE_BINS + 1)),
    shareSumMicro: new Float64Array(S * O * H),
    samples: [],
  };
}

/**
 * Simulates runs [start, end) of a validated scenario. Each run is independent of every other
 * (its streams are keyed by its global index), so any split of [0, runs) into ranges, merged
 * with `mergeBatches`, gives the same batch bit for bit.
 * @example
 * const r = simulateRange(scenario, { seed: 2026, start: 0, end: 5000 });
 * if (r.ok) post(r.value, transferables(r.value));
 */
export function simulateRange(
  scenario: Scenario,
  range: RunRange,
  onProgress?: ProgressFn,
): EngineResult<RunBatch> {
  if (
    !Number.isInteger(range.start) ||
    !Number.isInteger(range.end) ||
    range.start < 0 ||
    range.end < range.start
  ) {
    return {
      ok: false,
      errors: [{ path: 'runs', message: `invalid run range [${range.start}, ${range.end})` }],
    };
  }
  const prepared = prepareScenario(scenario, range.seed);
  if (!prepared.ok) return prepared;
  return { ok: true, value: runBatch(prepared.value, range, onProgress) };
}

/**
 * The loop over runs and months: each month the world is sampled once and every strategy
 * lives through it (common random numbers). Per-run outputs go to small
 * [series][run-in-block] buffers first and are copied out 64 runs at a time: writing straight
 * into the [series][run] layout costs a cache miss per value.
 * @example runBatch(prepared, { seed: 2026, start: 0, end: 1000 })
 */
export function runBatch(p: Prepared, range: RunRange, onProgress?: ProgressFn): RunBatch {
  const { H, O, S } = p;
  const { start, end } = range;
  const N = end - start;
  const batch = allocateBatch(p, range.seed, start, end);
  const world = new World(p);
  const runners = p.strategies.map((_, s) => new StrategyRun(p, s, world, batch));
  const progressEvery = Math.max(1, Math.floor(N / 100));
  const B = 64;
  const M = TOTAL_METRICS.length;
  const blockCost = new Float64Array(S * H * B);
  const blockServed = new Float64Array(S * H * B);
  const blockUnserved = new Float64Array(S * H * B);
  const blockTotals = new Float64Array(M * S * B);
  const blockByOffer = new Float64Array(S * O * B);
  let blockStart = start;
  const flush = (upTo: number) => {
    const count = upTo - blockStart;
    const at = blockStart - start;
    const copy = (dst: Float64Array, src: Float64Array, rows: number) => {
      for (let row = 0; row < rows; row++)
        dst.set(src.subarray(row * B, row * B + count), row * N + at);
    };
    copy(batch.monthlyCost, blockCost, S * H);
    copy(batch.monthlyServedShare, blockServed, S * H);
    copy(batch.monthlyUnserved, blockUnserved, S * H);
    copy(batch.costByOffer, blockByOffer, S * O);
    TOTAL_METRICS.forEach((metric, m) =>
      copy(batch.totals[metric], blockTotals.subarray(m * S * B, (m + 1) * S * B), S),
    );
    blockStart = upTo;
  };

  for (let run = start; run < end; run++) {
    const ri = run - start;
    const bi = run - blockStart;
    const events: SimulationEvent[] | null = run < p.sampleRuns ? [] : null;
    world.startRun(run);
    for (const runner of runners) runner.startRun();
    for (let t = 0; t < H; t++) {
      world.step(t, events);
      for (let s = 0; s < S; s++) {
        const runner = runners[s];
        if (!runner) continue;
        runner.step(t, events);
        const mi = (s * H + t) * B + bi;
        blockCost[mi] = runner.monthCost;
        blockServed[mi] = runner.servedShare;
        blockUnserved[mi] = runner.unserved;
      }
      world.endMonth();
    }
    for (let s = 0; s < S; s++) {
      const runner = runners[s];
      if (!runner) continue;
      for (let m = 0; m < M; m++) blockTotals[(m * S + s) * B + bi] = runner.totals[m] ?? 0;
      for (let o = 0; o < O; o++) blockByOffer[(s * O + o) * B + bi] = runner.costByOffer[o] ?? 0;
    }
    if (events) {
      const monthlyCostUsd: Record<string, number[]> = {};
      p.strategies.forEach((cs, s) => {
        monthlyCostUsd[cs.id] = Array.from(
          { length: H },
          (_, t) => blockCost[(s * H + t) * B + bi] ?? 0,
        );
      });
      batch.samples.push({ run, events, monthlyCostUsd });
    }
    if (bi === B - 1 || run === end - 1) flush(run + 1);
    if (onProgress && ((ri + 1) % progressEvery === 0 || run === end - 1)) onProgress(ri + 1, N);
  }
  return batch;
}

/**
 * Success of one task with retries (MODEL.md section 5): p = 1 / (1 + exp(-(Q - d) / s)),
 * P(success) = 1 - (1 - p)^(r + 1), expected attempts = P(success) / p.
 * @example taskEconomics(74.9, 62, 5, 1) // { successPerAttempt: 0.93, successWithRetries: 0.995, attempts: 1.07 }
 */
export function taskEconomics(quality: number, difficulty: number, slope: number, retries: number) {
  const pRaw = 1 / (1 + fastExp(-(quality - difficulty) / slope));
  const successPerAttempt = Math.max(pRaw, 1e-12);
  const successWithRetries = 1 - Math.pow(1 - successPerAttempt, retries + 1);
  return {
    successPerAttempt,
    successWithRetries,
    attempts: successWithRetries / successPerAttempt,
  };
}
