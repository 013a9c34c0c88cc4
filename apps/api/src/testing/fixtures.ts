import type { ScenarioInput } from '@crosswind/schema';

/** A small scenario (2 offers, 2 strategies, 12 months) that simulates in milliseconds. */
export function smallScenario(): ScenarioInput {
  return {
    schemaVersion: 1,
    name: 'Small test scenario',
    world: {
      startMonth: '2026-06',
      horizonMonths: 12,
      regions: [
        { id: 'us', name: 'United States', demandShare: 0.5, jurisdiction: 'US' },
        { id: 'eu', name: 'European Union', demandShare: 0.5, jurisdiction: 'EU' },
      ],
      offers: [
        {
          id: 'alpha',
          name: 'Alpha API',
          lab: 'Alpha',
          model: 'A1',
          host: 'Alpha API',
          kind: 'api',
          labJurisdiction: 'US',
          hostJurisdiction: 'US',
          openWeights: false,
          priceUsdPerMTokens: { input: 3, output: 15 },
          pricePath: { type: 'formula', formula: '0.98^month' },
          quality: { general: 60 },
          outages: { ratePerMonth: 4, durationHours: { mu: 0, sigma: 1 } },
        },
        {
          id: 'beta',
          name: 'Beta API',
          lab: 'Beta',
          model: 'B1',
          host: 'Beta API',
          kind: 'api',
          labJurisdiction: 'CN',
          hostJurisdiction: 'CN',
          openWeights: true,
          priceUsdPerMTokens: { input: 0.5, output: 2 },
          quality: { general: 50 },
          tokenMultiplier: { chat: { lognormal: { median: 1.5, sigma: 0.3 } } },
          outages: { ratePerMonth: 6, durationHours: { mu: 0.2, sigma: 1 } },
        },
      ],
      workloads: [
        {
          id: 'chat',
          name: 'Chat',
          tasksPerMonth: 100_000,
          growth: { monthlyRate: 0.02 },
          inputTokensPerAttempt: 2000,
          outputTokensPerAttempt: 500,
          qualityAxis: 'general',
          difficulty: 40,
          slope: 10,
          maxRetries: 1,
          valuePerSuccessUsd: 0.05,
        },
      ],
      shocks: [
        {
          id: 'beta-ban',
          kind: 'ban',
          scope: { offers: ['beta'], regions: ['us'] },
          timing: { hazardPerMonth: 0.05 },
        },
      ],
    },
    strategies: [
      {
        id: 'alpha-only',
        name: 'Alpha only',
        routes: [{ primary: [{ offer: 'alpha', weight: 1 }], fallbacks: [] }],
      },
      {
        id: 'beta-first',
        name: 'Beta, Alpha as fallback',
        routes: [{ primary: [{ offer: 'beta', weight: 1 }], fallbacks: ['alpha'] }],
        budgetUsd: 20_000,
      },
    ],
    simulation: { runs: 200, seed: 7, sampleRuns: 2 },
  };
}
