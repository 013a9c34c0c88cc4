import type { ScenarioInput } from '@crosswind/schema';

/**
 * The canonical June 2026 scenario of docs/model.md section 9. Tags in comments: [C] from the two
 * June 2026 columns, [D] from public data (LiteLLM price snapshot 2026-07-24, status pages),
 * [A] an assumption to tune.
 */

/** Outage and overload profiles, shared with the other presets. */
export const OPENAI_OUTAGES = {
  ratePerMonth: 5.5,
  durationHours: { mu: 0.23, sigma: 1.17 },
  severity: 1,
}; // [D]
export const HOST_OUTAGES = { ratePerMonth: 3, durationHours: { mu: 0, sigma: 1.2 }, severity: 1 }; // [A]
export const CN_OUTAGES = { ...OPENAI_OUTAGES, ratePerMonth: 8.25 }; // 1.5x OpenAI [A]
export const CN_OVERLOAD = { ratePerMonth: 0.2, medianHours: 24, sigma: 1, severity: 0.5 }; // [A]
const CN_GAP_MONTHS = 4; // (8-10) - (4-6) months behind [C]

/** Every strategy pays the same to move a workload-region cell, and has the same budget. [A] */
export const SWITCHING = {
  lagMonths: 1,
  switchCostUsd: 40_000,
  exitFeeUsd: 0,
  contractMonths: 0,
  inertiaBonus: 0,
};
const BUDGET_USD = 3_000_000;

export const june2026: ScenarioInput = {
  schemaVersion: 1,
  name: 'June 2026: the Fable 5 ban and the GLM 5.2 wave',
  description:
    'Non-US users lose Fable 5 at month 0 while GLM 5.2 ships open weights at a tenth of the price. Stay, hedge, or go open?',
  world: {
    startMonth: '2026-06',
    horizonMonths: 24,
    regions: [
      { id: 'us', name: 'United States', demandShare: 0.25, jurisdiction: 'US' },
      { id: 'eu', name: 'European Union', demandShare: 0.5, jurisdiction: 'EU' },
      { id: 'apac', name: 'Asia-Pacific', demandShare: 0.25, jurisdiction: 'APAC' },
    ],
    offers: [
      {
        id: 'fable-5',
        name: 'Anthropic Fable 5',
        lab: 'Anthropic',
        model: 'Fable 5',
        host: 'Anthropic API',
        kind: 'api',
        labJurisdiction: 'US',
        hostJurisdiction: 'US',
        openWeights: false,
        priceUsdPerMTokens: { input: 10, output: 50 }, // [C]
        quality: { general: 59.9, coding: 76.5 },
        outages: { ratePerMonth: 6.1, durationHours: { mu: -0.18, sigma: 1.4 }, severity: 1 },
      },
      {
        id: 'gpt-5.5',
        name: 'OpenAI GPT-5.5',
        lab: 'OpenAI',
        model: 'GPT-5.5',
        host: 'OpenAI API',
        kind: 'api',
        labJurisdiction: 'US',
        hostJurisdiction: 'US',
        openWeights: false,
        priceUsdPerMTokens: { input: 5, output: 30 },
        quality: { general: 54.8, coding: 74.9 },
        outages: OPENAI_OUTAGES,
      },
      {
        id: 'gemini-3.1-pro',
        name: 'Google Gemini 3.1 Pro',
        lab: 'Google',
        model: 'Gemini 3.1 Pro',
        host: 'Google Gemini API',
        kind: 'api',
        labJurisdiction: 'US',
        hostJurisdiction: 'US',
        openWeights: false,
        priceUsdPerMTokens: { input: 2, output: 12 },
        quality: { general: 46.5, coding: 68.8 },
        outages: { ratePerMonth: 4, durationHours: { mu: 0, sigma: 1.2 }, severity: 1 }, // [A]
      },
      {
        id: 'glm-5.2-zai',
        name: 'Zhipu GLM 5.2 (Z.ai API)',
        lab: 'Zhipu',
        model: 'GLM 5.2',
        host: 'Z.ai API',
        kind: 'api',
        labJurisdiction: 'CN',
        hostJurisdiction: 'CN',
        openWeights: true,
        priceUsdPerMTokens: { input: 1.4, output: 4.4 },
        quality: { general: 51.1, coding: 68.8 },
        privateBenchmarkGapMonths: CN_GAP_MONTHS,
        tokenMultiplier: { office: 1.5, swe: 4, support: 1.5 },
        outages: CN_OUTAGES,
        overload: CN_OVERLOAD,
        capacityMTokensPerMonth: 15_000, // [A]
      },
      {
        id: 'glm-5.2-us-host',
        name: 'GLM 5.2 via a US host (Fireworks)',
        lab: 'Zhipu',
        model: 'GLM 5.2',
        host: 'Fireworks AI',
        kind: 'api',
        labJurisdiction: 'CN',
        hostJurisdiction: 'US',
        openWeights: true,
        priceUsdPerMTokens: { input: 1.4, output: 4.4 },
        quality: { general: 51.1, coding: 68.8 },
        privateBenchmarkGapMonths: CN_GAP_MONTHS,
        tokenMultiplier: { office: 1.5, swe: 4, support: 1.5 },
        outages: HOST_OUTAGES,
      },
      {
        id: 'deepseek-v4-pro',
        name: 'DeepSeek V4 Pro',
        lab: 'DeepSeek',
        model: 'DeepSeek V4 Pro',
        host: 'DeepSeek API',
        kind: 'api',
        labJurisdiction: 'CN',
        hostJurisdiction: 'CN',
        openWeights: true,
        priceUsdPerMTokens: { input: 0.435, output: 0.87 }, // [C]
        quality: { general: 44.3, coding: 59.4 },
        privateBenchmarkGapMonths: CN_GAP_MONTHS,
        // Median 4x with a heavy tail: the "23x more tokens" study sits near P95 (4 e^(1.645 x 1.06) = 23).
        tokenMultiplier: {
          office: { lognormal: { median: 4, sigma: 1.06 } },
          swe: { lognormal: { median: 4, sigma: 1.06 } },
          support: { lognormal: { median: 4, sigma: 1.06 } },
        },
        outages: CN_OUTAGES,
        overload: CN_OVERLOAD,
        capacityMTokensPerMonth: 20_000, // [A]
      },
      {
        id: 'kimi-k2.6',
        name: 'Moonshot Kimi K2.6',
        lab: 'Moonshot',
        model: 'Kimi K2.6',
        host: 'Moonshot API',
        kind: 'api',
        labJurisdiction: 'CN',
        hostJurisdiction: 'CN',
        openWeights: true,
        priceUsdPerMTokens: { input: 0.95, output: 4 },
        quality: { general: 42.8, coding: 56 },
        privateBenchmarkGapMonths: CN_GAP_MONTHS,
        tokenMultiplier: { office: 2, swe: 3, support: 2 }, // [A]
        outages: CN_OUTAGES,
        overload: CN_OVERLOAD,
        capacityMTokensPerMonth: 10_000, // [A]
      },
      {
        id: 'glm-5.2-selfhost',
        name: 'GLM 5.2 self-hosted (8xH200)',
        lab: 'Zhipu',
        model: 'GLM 5.2',
        host: 'Own cluster (US cloud)',
        kind: 'selfHost',
        labJurisdiction: 'CN',
        hostJurisdiction: 'US',
        openWeights: true,
        priceUsdPerMTokens: { input: 0, output: 0 },
        quality: { general: 51.1, coding: 68.8 },
        privateBenchmarkGapMonths: CN_GAP_MONTHS,
        tokenMultiplier: { office: 1.5, swe: 4, support: 1.5 },
        outages: { ratePerMonth: 0.5, durationHours: { mu: Math.log(3), sigma: 1 }, severity: 1 }, // [A]
        selfHost: {
          gpuHourUsd: 3.5, // [A]
          gpusPerReplica: 8,
          replicas: 1,
          outputTokensPerSecondPerReplica: 4000, // [A]
          utilisationCeiling: 0.7,
          inputTokenWeight: 0.1,
          leadTimeMonths: 2,
          setupCostUsd: 50_000,
          monthlyOpsUsd: 15_000,
        },
      },
    ],
    workloads: [
      {
        id: 'office',
        name: 'Office assistance',
        tasksPerMonth: 400_000,
        growth: { monthlyRate: 0.04 },
        inputTokensPerAttempt: 3000,
        outputTokensPerAttempt: 800,
        qualityAxis: 'general',
        difficulty: 38,
        slope: 5,
        maxRetries: 1,
        valuePerSuccessUsd: 2,
      },
      {
        id: 'swe',
        name: 'Software engineering',
        tasksPerMonth: 20_000,
        growth: { monthlyRate: 0.04 },
        inputTokensPerAttempt: 150_000,
        outputTokensPerAttempt: 15_000,
        qualityAxis: 'coding',
        difficulty: 62,
        slope: 5,
        maxRetries: 1,
        valuePerSuccessUsd: 40,
      },
      {
        id: 'support',
        name: 'Customer support',
        tasksPerMonth: 1_000_000,
        growth: { monthlyRate: 0.04 },
        inputTokensPerAttempt: 1500,
        outputTokensPerAttempt: 300,
        qualityAxis: 'general',
        difficulty: 30,
        slope: 5,
        maxRetries: 1,
        valuePerSuccessUsd: 1,
      },
    ],
    commonShocks: [{ id: 'us-cn-escalation', name: 'US-China escalation', hazardPerMonth: 0.005 }],
    shocks: [
      {
        id: 'fable-ban-non-us',
        name: 'Fable 5 barred for non-US users',
        kind: 'ban',
        scope: { offers: ['fable-5'], regions: ['eu', 'apac'] },
        timing: { atMonth: 0 },
        duration: 'permanent', // [C]
      },
      {
        id: 'cn-api-ban-us',
        name: 'CN-lab APIs banned for US users',
        kind: 'ban',
        scope: {
          labJurisdictions: ['CN'],
          hostJurisdictions: ['CN'],
          kinds: ['api'],
          regions: ['us'],
        },
        timing: { hazardPerMonth: 0.015 },
        duration: 'permanent',
        group: 'us-cn-escalation',
      },
      {
        id: 'cn-api-block-eu',
        name: 'CN APIs blocked in the EU',
        kind: 'ban',
        scope: {
          labJurisdictions: ['CN'],
          hostJurisdictions: ['CN'],
          kinds: ['api'],
          regions: ['eu'],
        },
        timing: { hazardPerMonth: 0.01 },
        duration: { lognormalMonths: { median: 2, sigma: 0.8 } },
      },
      {
        id: 'us-models-abroad',
        name: 'More US-model bans abroad',
        kind: 'ban',
        scope: { labJurisdictions: ['US'], regions: ['eu', 'apac'] },
        timing: { hazardPerMonth: 0.005 },
        duration: 'permanent',
        group: 'us-cn-escalation',
      },
      {
        id: 'us-price-jumps',
        name: 'US-lab price moves',
        kind: 'priceJumps',
        scope: { labJurisdictions: ['US'], kinds: ['api'] },
        ratePerMonth: 0.06,
        logSizeMean: Math.log(0.5),
        logSizeSd: 0.3,
      },
      {
        id: 'cn-price-jumps',
        name: 'CN-lab price moves',
        kind: 'priceJumps',
        scope: { labJurisdictions: ['CN'], kinds: ['api'] },
        ratePerMonth: 0.1,
        logSizeMean: Math.log(0.5),
        logSizeSd: 0.3,
      },
      {
        id: 'us-releases',
        name: 'US-lab releases',
        kind: 'release',
        scope: { labJurisdictions: ['US'] },
        timing: { ratePerMonth: 0.5 },
        qualityStepMean: 4,
        qualityStepSd: 2,
      },
      {
        id: 'cn-releases',
        name: 'CN-lab releases',
        kind: 'release',
        scope: { labJurisdictions: ['CN'] },
        timing: { ratePerMonth: 0.4 },
        qualityStepMean: 4,
        qualityStepSd: 2,
      },
    ],
  },
  strategies: [
    {
      id: 'incumbent',
      name: 'Incumbent',
      description: 'Fable 5, then GPT-5.5; US labs and hosts only.',
      routes: [{ primary: [{ offer: 'fable-5', weight: 1 }], fallbacks: ['gpt-5.5'] }],
      allowedJurisdictions: ['US'],
      switching: SWITCHING,
      budgetUsd: BUDGET_USD,
    },
    {
      id: 'hedge',
      name: 'Hedge',
      description: 'GPT-5.5 60% and GLM 5.2 on a US host 40%, then Gemini 3.1 Pro.',
      routes: [
        {
          primary: [
            { offer: 'gpt-5.5', weight: 0.6 },
            { offer: 'glm-5.2-us-host', weight: 0.4 },
          ],
          fallbacks: ['gemini-3.1-pro'],
        },
      ],
      switching: SWITCHING,
      budgetUsd: BUDGET_USD,
    },
    {
      id: 'open-default',
      name: 'Open default',
      description:
        'GLM 5.2 self-hosted, DeepSeek API for bursts, GPT-5.5 for software engineering.',
      routes: [
        {
          workloads: ['swe'],
          primary: [{ offer: 'gpt-5.5', weight: 1 }],
          fallbacks: ['gemini-3.1-pro'],
        },
        {
          primary: [{ offer: 'glm-5.2-selfhost', weight: 1 }],
          fallbacks: ['deepseek-v4-pro', 'gpt-5.5'],
        },
      ],
      switching: SWITCHING,
      budgetUsd: BUDGET_USD,
    },
    {
      id: 'cn-api-only',
      name: 'Cheapest API, no fallback',
      description:
        'Everything on the Z.ai GLM 5.2 API with no fallback: the cost floor and its risk.',
      routes: [{ primary: [{ offer: 'glm-5.2-zai', weight: 1 }], fallbacks: [] }],
      switching: SWITCHING,
      budgetUsd: BUDGET_USD,
    },
  ],
  simulation: { runs: 10_000, seed: 2026, sampleRuns: 3 },
};
