import type { SimulationResult } from '@crosswind/schema';

/** The engine version recorded with every result; bump it whenever results can change. */
export const ENGINE_VERSION = '0.4.0';

/** An expected failure, returned as a value (never thrown) with the path of the cause. */
export interface EngineError {
  path: string;
  message: string;
}

export type EngineResult<T> = { ok: true; value: T } | { ok: false; errors: EngineError[] };

/** Which runs to simulate: the half-open range [start, end) of a `runs`-run simulation. */
export interface RunRange {
  seed: number | string;
  start: number;
  end: number;
}

/**
 * Raw per-run outputs of a range of runs, in run order. Plain data of typed arrays, so it can
 * be posted between worker threads (transfer `transferables(batch)`) and merged exactly: every
 * float is kept per run (summaries add them up in run order later), and the only sums kept
 * here are of integers, which are exact in any order.
 * Layouts: `[strategy][run]` for totals and `[strategy][month][run]` for monthly series, with
 * `run` relative to `start`; share histograms are `[slot][month][bin]` counts, one slot per (strategy, offer it
 * uses) (`CompiledStrategy.shareSlotStart`).
 */
export interface RunBatch {
  engineVersion: string;
  seed: number | string;
  start: number;
  end: number;
  strategies: number;
  months: number;
  offers: number;
  /** totals, one Float64Array per metric, length strategies x runs */
  totals: Record<TotalMetric, Float64Array>;
  /** total cost by offer per run, layout [strategy][offer][run] */
  costByOffer: Float64Array;
  monthlyCost: Float64Array;
  monthlyServedShare: Float64Array;
  monthlyUnserved: Float64Array;
  /** forced migrations summed over runs, length strategies x months */
  monthlyForcedSum: Float64Array;
  /** every run's share bin, round(share x SHARE_BINS), counted: [slot][month][bin] */
  shareHistogram: Uint32Array;
  /** shares of served tasks by offer in millionths, summed over runs (integers: exact in any order), [slot][month] */
  shareSumMicro: Float64Array;
  /** sample runs (global index < sampleRuns) with their event timelines, in run order */
  samples: SimulationResult['samples'];
}

export const TOTAL_METRICS = [
  'totalCostUsd',
  'successfulTasks',
  'unservedTasks',
  'downtimeHours',
  'forcedMigrations',
  'switchingCostUsd',
  'fixedSelfHostCostUsd',
  'valueUsd',
] as const;
export type TotalMetric = (typeof TOTAL_METRICS)[number];

/** Bins of the share-by-offer histograms: shares are exact to 1/(2 x SHARE_BINS). */
export const SHARE_BINS = 1000;
