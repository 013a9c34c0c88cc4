import { validateScenario, type Scenario, type ScenarioInput } from '@crosswind/schema';

/**
 * Scenarios that each push one dimension of the model to the schema's limits: the cases the
 * compute, memory and result-size estimates (`simulationCost`) are calibrated and tested on
 * (with June 2026), here and in the API's limit tests (`@crosswind/engine/stress-scenarios`).
 */

type OfferInput = ScenarioInput['world']['offers'][number];

function offer(i: number, extra: Partial<OfferInput> = {}): OfferInput {
  return {
    id: `offer-${i}`,
    name: `Offer ${i} ${'with a long descriptive name '.repeat(3).slice(0, 90)}`,
    lab: `Lab ${i % 7}`,
    model: `Model ${i}`,
    host: `Host ${i % 5}`,
    kind: 'api',
    labJurisdiction: i % 2 === 0 ? 'US' : 'CN',
    hostJurisdiction: i % 2 === 0 ? 'US' : 'CN',
    openWeights: false,
    priceUsdPerMTokens: { input: 1 + (i % 5), output: 4 + (i % 7) },
    quality: { general: 60 + (i % 30) },
    outages: { ratePerMonth: 2, durationHours: { mu: 1, sigma: 1 } },
    ...extra,
  };
}

function scenario(input: Omit<ScenarioInput, 'schemaVersion' | 'name'>, name: string): Scenario {
  const v = validateScenario({ schemaVersion: 1, name, ...input });
  if (!v.ok) throw new Error(v.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return v.scenario;
}

const regions = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `region-${i}`,
    name: `Region ${i}`,
    demandShare: 1 / n,
    jurisdiction: i % 2 === 0 ? 'US' : 'EU',
  }));

const workloads = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `work-${i}`,
    name: `Work ${i}`,
    tasksPerMonth: 10_000,
    inputTokensPerAttempt: 2000,
    outputTokensPerAttempt: 800,
    qualityAxis: 'general',
    difficulty: 50,
    slope: 10,
    maxRetries: 1,
  }));

/** Strategies whose one route splits over `primaries` offers and falls back over `fallbacks`. */
function strategies(count: number, offers: number, primaries: number, fallbacks: number) {
  return Array.from({ length: count }, (_, s) => ({
    id: `strategy-${s}`,
    name: `Strategy ${s}`,
    ...(s % 3 === 2 ? { mode: 'adaptive' as const, adaptive: { beta: 4 } } : {}),
    routes: [
      {
        primary: Array.from({ length: primaries }, (_, k) => ({
          offer: `offer-${(s + k) % offers}`,
          weight: 1 / primaries,
        })),
        fallbacks: Array.from(
          { length: fallbacks },
          (_, k) => `offer-${(s + primaries + k) % offers}`,
        ),
      },
    ],
  }));
}

export interface StressCase {
  name: string;
  scenario: Scenario;
  /** runs that take about a second, for timing */
  runs: number;
}

export function stressCases(): StressCase[] {
  const hundredOffers = Array.from({ length: 100 }, (_, i) =>
    offer(i, { outages: { ratePerMonth: 200, durationHours: { mu: 0, sigma: 1 } } }),
  );
  return [
    {
      name: '100 offers, 12 strategies, 120 months, 200 outages/month',
      scenario: scenario(
        {
          world: {
            startMonth: '2026-06',
            horizonMonths: 120,
            regions: regions(1),
            offers: hundredOffers,
            workloads: workloads(1),
          },
          strategies: strategies(12, 100, 5, 15),
          simulation: { runs: 100, seed: 1, sampleRuns: 20 },
        },
        'many offers',
      ),
      runs: 20,
    },
    {
      name: '10 offers, 12 strategies, 50 workloads x 50 regions, bans every month',
      scenario: scenario(
        {
          world: {
            startMonth: '2026-06',
            horizonMonths: 24,
            regions: regions(50),
            offers: Array.from({ length: 10 }, (_, i) => offer(i)),
            workloads: workloads(50),
            shocks: Array.from({ length: 10 }, (_, i) => ({
              id: `ban-${i}`,
              kind: 'ban' as const,
              scope: { offers: [`offer-${i}`] },
              timing: { hazardPerMonth: 0.5 },
              duration: { months: 1 },
            })),
          },
          strategies: strategies(12, 10, 3, 6),
          simulation: { runs: 100, seed: 1, sampleRuns: 20 },
        },
        'many cells',
      ),
      runs: 20,
    },
    {
      name: '20 offers, 4 strategies, 200 hazard bans over 50 regions',
      scenario: scenario(
        {
          world: {
            startMonth: '2026-06',
            horizonMonths: 60,
            regions: regions(50),
            offers: Array.from({ length: 20 }, (_, i) => offer(i)),
            workloads: workloads(2),
            shocks: Array.from({ length: 200 }, (_, i) => ({
              id: `ban-${i}`,
              kind: 'ban' as const,
              scope: { offers: [`offer-${i % 20}`], regions: [`region-${i % 50}`] },
              timing: { hazardPerMonth: 0.3 },
              duration: { months: 2 },
            })),
          },
          strategies: strategies(4, 20, 2, 5),
          simulation: { runs: 100, seed: 1, sampleRuns: 3 },
        },
        'many shocks',
      ),
      runs: 200,
    },
  ];
}
