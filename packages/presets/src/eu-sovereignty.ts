import type { ScenarioInput } from '@crosswind/schema';
import { offerFromCatalog } from './from-catalog.js';
import {
  CN_OUTAGES,
  CN_OVERLOAD,
  HOST_OUTAGES,
  june2026,
  OPENAI_OUTAGES as US_OUTAGES,
  SWITCHING,
} from './june-2026.js';

/**
 * An EU organisation whose regulator may restrict US- and CN-hosted AI APIs. Prices come from the
 * bundled LiteLLM catalogue (snapshot 2026-07-24) [D]; quality of the models outside docs/model.md section 9
 * section 8, outage rates and all shocks are assumptions [A] to tune.
 */

const glmSelfHost = june2026.world.offers.find((o) => o.id === 'glm-5.2-selfhost');
if (!glmSelfHost?.selfHost) throw new Error('presets: june-2026 lost its glm-5.2-selfhost offer');

const offers: ScenarioInput['world']['offers'] = [
  offerFromCatalog('gpt-5.5', { outages: US_OUTAGES }),
  offerFromCatalog('gemini/gemini-3.1-pro-preview', {
    outages: { ...HOST_OUTAGES, ratePerMonth: 4 },
  }),
  offerFromCatalog('azure/eu/gpt-5.5', { outages: US_OUTAGES }),
  offerFromCatalog('mistral/mistral-large-3', {
    quality: { general: 36, coding: 50 }, // [A]
    outages: HOST_OUTAGES,
  }),
  offerFromCatalog('scaleway/qwen/qwen3.5-397b-a17b', {
    id: 'qwen3.5-scaleway',
    name: 'Qwen 3.5 397B via Scaleway (EU)',
    quality: { general: 44, coding: 60 }, // [A]
    privateBenchmarkGapMonths: 4, // CN-lab gap of docs/model.md section 9 [C]
    tokenMultiplier: { office: 1.5, swe: 3, support: 1.5 }, // [A]
    outages: HOST_OUTAGES,
  }),
  offerFromCatalog('deepseek/deepseek-v4-pro', {
    tokenMultiplier: {
      office: { lognormal: { median: 4, sigma: 1.06 } },
      swe: { lognormal: { median: 4, sigma: 1.06 } },
      support: { lognormal: { median: 4, sigma: 1.06 } },
    },
    outages: CN_OUTAGES,
    overload: CN_OVERLOAD,
    capacityMTokensPerMonth: 20_000,
  }),
  {
    ...glmSelfHost,
    id: 'glm-5.2-selfhost-eu',
    name: 'GLM 5.2 self-hosted in an EU data centre (8xH200)',
    host: 'Own cluster (EU cloud)',
    hostJurisdiction: 'EU',
    selfHost: { ...glmSelfHost.selfHost, gpuHourUsd: 4, replicas: 2, leadTimeMonths: 3 }, // EU GPUs cost more [A]
  },
];

export const euSovereignty: ScenarioInput = {
  schemaVersion: 1,
  name: 'EU data sovereignty: US APIs, EU-hosted models or own GPUs?',
  description:
    'An EU organisation (all users in the EU) weighs US APIs against US models hosted in the EU, open weights on EU hosts and a self-hosted cluster, while the EU may restrict transfers to US-hosted APIs and block CN APIs, together or separately.',
  world: {
    startMonth: '2026-06',
    horizonMonths: 24,
    regions: [{ id: 'eu', name: 'European Union', demandShare: 1, jurisdiction: 'EU' }],
    offers,
    workloads: june2026.world.workloads,
    commonShocks: [
      { id: 'eu-sovereignty-push', name: 'EU restricts non-EU AI services', hazardPerMonth: 0.01 }, // [A]
    ],
    shocks: [
      {
        id: 'eu-us-transfer-ruling',
        name: 'Court stops transfers to US-hosted APIs',
        kind: 'ban',
        scope: { hostJurisdictions: ['US'], kinds: ['api'], regions: ['eu'] },
        timing: { hazardPerMonth: 0.02 }, // [A]
        duration: { lognormalMonths: { median: 6, sigma: 0.8 } }, // until a new framework [A]
        group: 'eu-sovereignty-push',
      },
      {
        id: 'eu-cloud-act-ban',
        name: 'US-lab services barred even when hosted in the EU',
        kind: 'ban',
        scope: { labJurisdictions: ['US'], kinds: ['api'], regions: ['eu'] },
        timing: { hazardPerMonth: 0.004 }, // [A]
        duration: 'permanent',
      },
      {
        id: 'cn-api-block-eu',
        name: 'CN-hosted APIs blocked in the EU',
        kind: 'ban',
        scope: { hostJurisdictions: ['CN'], kinds: ['api'], regions: ['eu'] },
        timing: { hazardPerMonth: 0.01 }, // docs/model.md section 9 [A]
        duration: { lognormalMonths: { median: 2, sigma: 0.8 } },
        group: 'eu-sovereignty-push',
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
        id: 'open-price-jumps',
        name: 'Open-weights API price moves',
        kind: 'priceJumps',
        scope: { openWeights: true, kinds: ['api'] },
        ratePerMonth: 0.1,
        logSizeMean: Math.log(0.5),
        logSizeSd: 0.3,
      },
      {
        id: 'releases',
        name: 'Model releases',
        kind: 'release',
        scope: {},
        timing: { ratePerMonth: 0.4 },
        qualityStepMean: 4,
        qualityStepSd: 2,
      },
    ],
  },
  strategies: [
    {
      id: 'us-apis',
      name: 'US APIs',
      description:
        'GPT-5.5 on the OpenAI API, then Gemini 3.1 Pro: the default, exposed to a transfer ruling.',
      routes: [{ primary: [{ offer: 'gpt-5.5', weight: 1 }], fallbacks: ['gemini-3.1-pro'] }],
      switching: SWITCHING,
    },
    {
      id: 'us-models-eu-hosted',
      name: 'US model, EU region',
      description: 'GPT-5.5 served from Azure EU (10% dearer), then Mistral Large 3.',
      routes: [
        { primary: [{ offer: 'gpt-5.5-azure-eu', weight: 1 }], fallbacks: ['mistral-large-3'] },
      ],
      switching: SWITCHING,
    },
    {
      id: 'eu-hosted-open',
      name: 'Open weights on EU hosts',
      description:
        'Qwen 3.5 on Scaleway, then Mistral Large 3; GPT-5.5 on Azure EU for software engineering.',
      routes: [
        {
          workloads: ['swe'],
          primary: [{ offer: 'gpt-5.5-azure-eu', weight: 1 }],
          fallbacks: ['qwen3.5-scaleway'],
        },
        { primary: [{ offer: 'qwen3.5-scaleway', weight: 1 }], fallbacks: ['mistral-large-3'] },
      ],
      switching: SWITCHING,
    },
    {
      id: 'eu-self-host',
      name: 'Own GPUs in the EU',
      description:
        'GLM 5.2 on an EU cluster (ready after 3 months), Qwen 3.5 on Scaleway and Mistral Large 3 behind it.',
      routes: [
        {
          primary: [{ offer: 'glm-5.2-selfhost-eu', weight: 1 }],
          fallbacks: ['qwen3.5-scaleway', 'mistral-large-3'],
        },
      ],
      switching: SWITCHING,
    },
    {
      id: 'cheapest-api',
      name: 'Cheapest API',
      description: 'DeepSeek V4 Pro on its CN API, GPT-5.5 when it is blocked or down.',
      routes: [{ primary: [{ offer: 'deepseek-v4-pro', weight: 1 }], fallbacks: ['gpt-5.5'] }],
      switching: SWITCHING,
    },
  ],
  simulation: { runs: 5000, seed: 2026, sampleRuns: 3 },
};
