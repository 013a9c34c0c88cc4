import { validateScenario, type Scenario, type ScenarioInput } from '@crosswind/schema';

/**
 * Small scenarios for tests and benchmarks, where every number is chosen so that a closed form
 * exists. The "ideal" offer solves every attempt (p = 1 - 1e-17), costs exactly 1 USD per
 * task at factor 1 (1M output tokens at 1 USD per million) and never fails.
 */

type OfferInput = ScenarioInput['world']['offers'][number];
type StrategyInput = ScenarioInput['strategies'][number];

export function idealOffer(id: string, extra: Partial<OfferInput> = {}): OfferInput {
  return {
    id,
    name: `Offer ${id}`,
    lab: `Lab ${id}`,
    model: `Model ${id}`,
    host: `Host ${id}`,
    kind: 'api',
    labJurisdiction: 'US',
    hostJurisdiction: 'US',
    openWeights: false,
    priceUsdPerMTokens: { input: 0, output: 1 },
    quality: { general: 100 },
    ...extra,
  };
}

export function singleRoute(
  id: string,
  primary: string,
  fallbacks: string[] = [],
  extra: Partial<StrategyInput> = {},
): StrategyInput {
  return {
    id,
    name: `Strategy ${id}`,
    routes: [{ primary: [{ offer: primary, weight: 1 }], fallbacks }],
    ...extra,
  };
}

/** One region, one workload of `tasks` tasks a month with 1M output tokens each. */
export function testScenario(opts: {
  horizonMonths?: number;
  tasks?: number;
  offers: OfferInput[];
  strategies: StrategyInput[];
  shocks?: ScenarioInput['world']['shocks'];
  commonShocks?: ScenarioInput['world']['commonShocks'];
  regions?: ScenarioInput['world']['regions'];
  difficulty?: number;
  slope?: number;
  maxRetries?: number;
  runs?: number;
}): Scenario {
  const input: ScenarioInput = {
    schemaVersion: 1,
    name: 'test',
    world: {
      startMonth: '2026-01',
      horizonMonths: opts.horizonMonths ?? 12,
      regions: opts.regions ?? [{ id: 'home', name: 'Home', demandShare: 1, jurisdiction: 'US' }],
      offers: opts.offers,
      workloads: [
        {
          id: 'work',
          name: 'Work',
          tasksPerMonth: opts.tasks ?? 1,
          inputTokensPerAttempt: 0,
          outputTokensPerAttempt: 1_000_000,
          qualityAxis: 'general',
          difficulty: opts.difficulty ?? 0,
          slope: opts.slope ?? 2.5,
          maxRetries: opts.maxRetries ?? 0,
        },
      ],
      shocks: opts.shocks ?? [],
      commonShocks: opts.commonShocks ?? [],
    },
    strategies: opts.strategies,
    simulation: { runs: opts.runs ?? 1000, seed: 7, sampleRuns: 1 },
  };
  const v = validateScenario(input);
  if (!v.ok) throw new Error(v.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return v.scenario;
}
