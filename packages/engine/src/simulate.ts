import { fastExp } from './exp.js';
import { powInt } from './pow.js';
import type { Scenario } from '@crosswind/schema';
import { prepareScenario, type Prepared } from './compile/prepare.js';
import { Timeline, type Events } from './timeline.js';
import { StrategyBlock } from './strategy/strategy-block.js';
import { WorldBlock } from './block/world-block.js';
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
    shareHistogram: new Uint32Array(p.shareSlots * H * (SHARE_BINS + 1)),
    shareSumMicro: new Float64Array(p.shareSlots * H),
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

/** Runs simulated side by side: the innermost loop of the world and strategy steps. */
const LANES = 64;

/**
 * The loop over blocks of runs and months: each month the block's worlds are sampled once and
 * every strategy lives through them (common random numbers), with the runs of the block as the
 * innermost loop. Every run draws only from its own streams and does the same arithmetic in
 * the same order as it would alone, so results do not depend on the block size or the range.
 * @example runBatch(prepared, { seed: 2026, start: 0, end: 1000 })
 */
export function runBatch(p: Prepared, range: RunRange, onProgress?: ProgressFn): RunBatch {
  const { H } = p;
  const { start, end } = range;
  const N = end - start;
  const batch = allocateBatch(p, range.seed, start, end);
  const world = new WorldBlock(p, LANES);
  const strategies = p.strategies.map((_, s) => new StrategyBlock(p, s, world, batch));
  const noEvents: Events[] = new Array<Events>(LANES).fill(null);
  let nextProgress = Math.max(1, Math.floor(N / 100));
  for (let first = start; first < end; first += LANES) {
    const n = Math.min(LANES, end - first);
    // Sample runs (the first few of the whole simulation) keep their event timelines.
    const events =
      first < p.sampleRuns
        ? Array.from({ length: LANES }, (_, b): Events =>
            b < n && first + b < p.sampleRuns ? new Timeline() : null,
          )
        : noEvents;
    world.startBlock(first, n);
    for (const strategy of strategies) strategy.startBlock(n, first - start);
    for (let t = 0; t < H; t++) {
      world.step(t, n, events);
      for (const strategy of strategies) strategy.step(t, n, events);
      world.endMonth();
    }
    for (const strategy of strategies) strategy.flush(n);
    for (let b = 0; b < n; b++) {
      const timeline = events[b];
      if (!timeline) continue;
      const monthlyCostUsd: Record<string, number[]> = {};
      p.strategies.forEach((cs, s) => {
        monthlyCostUsd[cs.id] = Array.from(
          { length: H },
          (_, t) => batch.monthlyCost[(s * H + t) * N + first - start + b] ?? 0,
        );
      });
      batch.samples.push({
        run: first + b,
        events: timeline.events,
        eventCount: timeline.count,
        truncated: timeline.count > timeline.events.length,
        monthlyCostUsd,
      });
    }
    const done = first + n - start;
    if (onProgress && (done >= nextProgress || done === N)) {
      onProgress(done, N);
      nextProgress = done + Math.max(1, Math.floor(N / 100));
    }
  }
  return batch;
}

/**
 * Success of one task with retries (docs/model.md 5.2): p = 1 / (1 + exp(-(Q - d) / s)),
 * P(success) = 1 - (1 - p)^(r + 1), expected attempts = P(success) / p.
 * @example taskEconomics(74.9, 62, 5, 1) // { successPerAttempt: 0.93, successWithRetries: 0.995, attempts: 1.07 }
 */
export function taskEconomics(quality: number, difficulty: number, slope: number, retries: number) {
  const pRaw = 1 / (1 + fastExp((difficulty - quality) * (1 / slope)));
  const successPerAttempt = Math.max(pRaw, 1e-12);
  const successWithRetries = 1 - powInt(1 - successPerAttempt, retries + 1);
  return {
    successPerAttempt,
    successWithRetries,
    attempts: successWithRetries / successPerAttempt,
  };
}
