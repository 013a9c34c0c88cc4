import type { ScenarioInput } from '@crosswind/schema';

/** A small valid scenario to start from when no preset is chosen. */
export const blankScenario: ScenarioInput = {
  schemaVersion: 1,
  name: 'Untitled scenario',
  world: {
    startMonth: '2026-06',
    horizonMonths: 24,
    regions: [{ id: 'global', name: 'All users', demandShare: 1, jurisdiction: 'US' }],
    offers: [
      {
        id: 'offer-a',
        name: 'Offer A',
        lab: 'Lab A',
        model: 'Model A',
        host: 'Lab A API',
        kind: 'api',
        labJurisdiction: 'US',
        hostJurisdiction: 'US',
        openWeights: false,
        priceUsdPerMTokens: { input: 3, output: 15 },
        quality: { general: 50 },
      },
    ],
    workloads: [
      {
        id: 'assistant',
        name: 'Assistant tasks',
        tasksPerMonth: 100_000,
        growth: { monthlyRate: 0.02 },
        inputTokensPerAttempt: 2000,
        outputTokensPerAttempt: 500,
        qualityAxis: 'general',
        difficulty: 35,
        slope: 5,
        maxRetries: 1,
        valuePerSuccessUsd: 1,
      },
    ],
    shocks: [],
    commonShocks: [],
  },
  strategies: [
    {
      id: 'baseline',
      name: 'Baseline',
      routes: [{ primary: [{ offer: 'offer-a', weight: 1 }], fallbacks: [] }],
      switching: {
        lagMonths: 1,
        switchCostUsd: 0,
        exitFeeUsd: 0,
        contractMonths: 0,
        inertiaBonus: 0,
      },
    },
  ],
  simulation: { runs: 2000, seed: 1, sampleRuns: 3 },
};
