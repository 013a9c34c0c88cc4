import type { Scenario, SimulationResult } from '@crosswind/schema';
import { prepareScenario } from './compile/prepare.js';
import { runBatch, type ProgressFn } from './simulate.js';
import { summarizePrepared } from './summarize.js';
import { simulationCost, type SimulationCost } from './cost.js';
export { simulationCost, type SimulationCost } from './cost.js';
import type { EngineResult } from './types.js';

export * from './types.js';
export {
  compileFormula,
  evaluateMonthly,
  MAX_FORMULA_CHARS,
  MAX_FORMULA_DEPTH,
} from './formula.js';
export { prepareScenario, type Prepared } from './compile/prepare.js';
export { HOURS_PER_MONTH, GAP_SLOPE_POINTS_PER_MONTH } from './units.js';
export { PROCESSES, type CompiledProcesses } from './processes/registry.js';
export type { ProcessModule, ProcessLanes, CompileContext } from './world/process.js';
export { simulateRange, taskEconomics, type ProgressFn } from './simulate.js';
export { summarizeBatch, summarizePrepared, offerEconomicsAtStart } from './summarize.js';
export { mergeBatches, transferables } from './merge.js';
export { MAX_TIMELINE_EVENTS } from './timeline.js';
export { summarizeSample, orderStatistics, wilsonInterval } from './stats.js';
export {
  openStream,
  streamKey,
  sampleNormal,
  sampleLogNormal,
  samplePoisson,
  sampleGamma,
  type Rng,
} from './random/index.js';

/**
 * Simulates a validated scenario in one call: `runs` runs with `seed` (defaults from
 * `scenario.simulation`). Same scenario + seed + runs + engine version => bit-identical result.
 * @example
 * const v = validateScenario(json);
 * if (v.ok) { const r = simulate(v.scenario, { runs: 10_000 }); if (r.ok) console.log(r.value.strategies[0]?.totals.totalCostUsd.p50); }
 */
export function simulate(
  scenario: Scenario,
  opts: { seed?: number | string; runs?: number; onProgress?: ProgressFn } = {},
): EngineResult<SimulationResult> {
  const seed = opts.seed ?? scenario.simulation.seed;
  const runs = opts.runs ?? scenario.simulation.runs;
  if (!Number.isInteger(runs) || runs < 1)
    return {
      ok: false,
      errors: [{ path: 'runs', message: 'must be a whole number of at least 1' }],
    };
  const prepared = prepareScenario(scenario, seed);
  if (!prepared.ok) return prepared;
  const batch = runBatch(prepared.value, { seed, start: 0, end: runs }, opts.onProgress);
  return { ok: true, value: summarizePrepared(prepared.value, batch) };
}

/**
 * What simulating `runs` runs of a scenario in `shards` shards will cost (compute, memory,
 * result size), or the scenario's errors.
 * @example estimateCost(scenario, 10_000, 2) // { ok: true, value: { workUnits, memoryBytes, resultBytes } }
 */
export function estimateCost(
  scenario: Scenario,
  runs: number,
  shards = 1,
): EngineResult<SimulationCost> {
  const prepared = prepareScenario(scenario, scenario.simulation.seed);
  if (!prepared.ok) return prepared;
  return { ok: true, value: simulationCost(prepared.value, runs, shards) };
}

/**
 * The work of a simulation in (run x month x offer x strategy) units, for budgets and queues.
 * @example workUnits(scenario, 10_000) // 10,000 x 24 x 8 x 4 = 7,680,000
 */
export function workUnits(scenario: Scenario, runs: number): number {
  return (
    runs * scenario.world.horizonMonths * scenario.world.offers.length * scenario.strategies.length
  );
}
