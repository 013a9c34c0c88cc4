import { estimateCost, type SimulationCost } from '@crosswind/engine';
import type { Scenario } from '@crosswind/schema';
import { fieldError, prefixIssues, type FieldIssue } from '../errors.js';

/**
 * The per-request limits, checked before anything runs: compute (calibrated so that a request
 * within it finishes well inside the time limit), peak memory, and the size of the result.
 * Each refusal names the fields to lower and by how much where one number says it.
 */
export interface BudgetLimits {
  maxWorkUnits: number;
  maxMemoryBytes: number;
  maxResultBytes: number;
}

export interface BudgetRequest {
  scenario: Scenario;
  runs: number;
  scenarioPath: string;
  runsPath: string;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (units: number) =>
  units >= 1e10 ? `${fmt(units / 1e9)} s` : `${(units / 1e9).toPrecision(2)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

export type CostEstimator = typeof estimateCost;

/**
 * `estimateCost` remembering its last `size` answers by the scenario's content hash (given by
 * the caller, who has it already): the estimate compiles the scenario, which for a large one is
 * milliseconds of the main thread and megabytes of garbage, and job starts repeat scenarios.
 * @example const estimate = memoizedEstimator(); checkBudget(req, limits, 2, estimate(hash));
 */
export function memoizedEstimator(size = 256): (contentHash: string) => CostEstimator {
  const memo = new Map<string, ReturnType<CostEstimator>>();
  return (contentHash) =>
    (scenario, runs, shards = 1) => {
      const key = `${contentHash}:${runs}:${shards}`;
      let answer = memo.get(key);
      if (answer === undefined) {
        answer = estimateCost(scenario, runs, shards);
        if (memo.size >= size) memo.delete(memo.keys().next().value as string);
      } else memo.delete(key); // set again below: the most recently used last
      memo.set(key, answer);
      return answer;
    };
}

/** The cost of the request, or throws a 400 that names what to lower. */
export function checkBudget(
  req: BudgetRequest,
  limits: BudgetLimits,
  shards: number,
  estimate: CostEstimator = estimateCost,
): SimulationCost {
  const estimated = estimate(req.scenario, req.runs, shards);
  if (!estimated.ok) {
    const issues =
      req.scenarioPath === '' ? estimated.errors : prefixIssues(req.scenarioPath, estimated.errors);
    throw fieldError('BAD_REQUEST', issues);
  }
  const cost = estimated.value;
  const at = (field: string) => (req.scenarioPath === '' ? field : `${req.scenarioPath}.${field}`);
  const issues: FieldIssue[] = [];
  const maxRuns = (per: number, limit: number) => Math.max(0, Math.floor(limit / per));

  // The most runs each limit allows; a message names the smaller of the two, since that is
  // what the request can have.
  const workPerRun = cost.workUnits / req.runs;
  const workFits = maxRuns(workPerRun, limits.maxWorkUnits);
  const fixedMemory = cost.memoryBytes - req.runs * cost.memoryPerRunBytes;
  const memoryFits =
    fixedMemory < limits.maxMemoryBytes
      ? maxRuns(cost.memoryPerRunBytes, limits.maxMemoryBytes - fixedMemory)
      : 0;
  const fits = Math.min(
    cost.workUnits > limits.maxWorkUnits ? workFits : Infinity,
    cost.memoryBytes > limits.maxMemoryBytes && memoryFits > 0 ? memoryFits : Infinity,
  );

  if (cost.workUnits > limits.maxWorkUnits) {
    issues.push({
      path: req.runsPath,
      message:
        `${fmt(req.runs)} runs of this scenario are an estimated ${fmt(cost.workUnits)} work units ` +
        `(about ${seconds(cost.workUnits)} of one core), over the limit of ${fmt(limits.maxWorkUnits)}; ` +
        (workFits === 0
          ? `even one run is over it: lower ${at('world.workloads')} x ${at('world.regions')}, the routes' primary and fallback offers, ${at('world.offers')} outage rates or ${at('world.horizonMonths')}`
          : `use at most ${fmt(fits)} runs, or a smaller scenario (workloads x regions, fallback chains, offers, months)`),
    });
  }
  if (cost.memoryBytes > limits.maxMemoryBytes) {
    issues.push({
      path: memoryFits > 0 ? req.runsPath : at('strategies'),
      message:
        `${fmt(req.runs)} runs of this scenario need about ${mb(cost.memoryBytes)} of memory, over the limit of ${mb(limits.maxMemoryBytes)}; ` +
        (memoryFits > 0
          ? `use at most ${fmt(fits)} runs, or fewer strategies, offers or months`
          : `lower the number of strategies, the offers each one uses, or ${at('world.horizonMonths')}`),
    });
  }
  if (cost.resultBytes > limits.maxResultBytes) {
    issues.push({
      path: at('simulation.sampleRuns'),
      message:
        `the result of this scenario could be up to ${mb(cost.resultBytes)}, over the limit of ${mb(limits.maxResultBytes)}; ` +
        `lower ${at('simulation.sampleRuns')} (event timelines), the number of strategies, ${at('world.offers')}, ${at('world.workloads')} or ${at('world.horizonMonths')}`,
    });
  }
  if (issues.length > 0) throw fieldError('BAD_REQUEST', issues);
  return cost;
}
