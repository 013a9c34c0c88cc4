import type { Scenario } from '@crosswind/schema';
import { compileProcesses, type CompiledProcesses } from '../processes/registry.js';
import type { EngineError, EngineResult } from '../types.js';
import type { Dimensions } from '../world/process.js';
import { compileOffers, type CompiledOffers } from './offers.js';
import { compileStrategy, indicesOf, type CompiledStrategy } from './strategies.js';

/**
 * A scenario compiled into flat typed arrays (struct of arrays), so the inner loop indexes
 * numbers and never allocates. Layouts: `[offer][workload]` is `o * W + w`, `[offer][region]`
 * is `o * R + r`, `[cell][month]` is `c * H + t` with cell `c = w * R + r`.
 */
export interface Prepared extends Dimensions, CompiledOffers {
  scenario: Scenario;
  C: number;
  S: number;
  regionIds: string[];
  workloadIds: string[];
  hostJurisdictions: string[];
  /** what each process of the world compiled, by name (`processes/registry.ts`) */
  processes: CompiledProcesses;
  strategies: CompiledStrategy[];
  /** the offers some strategy uses, in index order: the only ones sampled and priced */
  liveOffers: Int32Array;
  /** share-by-offer histogram slots: one per (strategy, offer it uses) */
  shareSlots: number;
  sampleRuns: number;
}

/**
 * Compiles a validated scenario: offers and workloads, strategies, then every process of the
 * registry. Formulas are evaluated here, once per month, and their errors come back as values
 * at the formula's path.
 * @example
 * const r = prepareScenario(scenario, 2026);
 * if (!r.ok) console.error(r.errors);
 */
export function prepareScenario(scenario: Scenario, seed: number | string): EngineResult<Prepared> {
  const errors: EngineError[] = [];
  const { offers, workloads, regions } = scenario.world;
  const H = scenario.world.horizonMonths;
  const [O, W, R] = [offers.length, workloads.length, regions.length];
  const offerIndex = new Map(offers.map((o, i) => [o.id, i]));

  // Offers no strategy can use are not sampled at all: their streams are their own, so this
  // changes nothing else, and it saves their outage, price and release draws.
  const strategies = scenario.strategies.map((st) => compileStrategy(st, scenario, offerIndex));
  let shareSlots = 0;
  for (const cs of strategies) {
    cs.shareSlotStart = shareSlots;
    shareSlots += cs.usedOffers.length;
  }
  const used = new Uint8Array(O);
  for (const cs of strategies)
    for (let o = 0; o < O; o++) used[o] = (used[o] ?? 0) | (cs.uses[o] ?? 0);

  const compiledOffers = compileOffers(scenario);
  const dims: Dimensions = {
    H,
    O,
    W,
    R,
    offerIds: offers.map((o) => o.id),
    offerNames: offers.map((o) => o.name),
  };
  const processes = compileProcesses({
    ...dims,
    scenario,
    seed,
    used,
    capacityMTokens: compiledOffers.capacityMTokens,
    errors,
  });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      ...dims,
      ...compiledOffers,
      scenario,
      C: W * R,
      S: strategies.length,
      regionIds: regions.map((r) => r.id),
      workloadIds: workloads.map((w) => w.id),
      hostJurisdictions: offers.map((o) => o.hostJurisdiction),
      processes,
      strategies,
      liveOffers: indicesOf(used),
      shareSlots,
      sampleRuns: scenario.simulation.sampleRuns,
    },
  };
}
