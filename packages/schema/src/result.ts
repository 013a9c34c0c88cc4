import { z } from 'zod';

/** Summary statistics of one metric across runs. Percentiles use linear interpolation (type 7). */
export const statsSchema = z.object({
  mean: z.number(),
  sd: z.number(),
  min: z.number(),
  p5: z.number(),
  p25: z.number(),
  p50: z.number(),
  p75: z.number(),
  p95: z.number(),
  max: z.number(),
  cvar95: z.number().describe('mean of the worst 5% of runs (the upper tail)'),
  histogram: z
    .object({ edges: z.array(z.number()), counts: z.array(z.number().int()) })
    .optional()
    .describe(
      'equal-width bins from min to max (edges has one more element than counts); for total cost and paired differences',
    ),
});

/** Per-month percentile bands, one array element per month. */
export const bandsSchema = z.object({
  mean: z.array(z.number()),
  p5: z.array(z.number()),
  p25: z.array(z.number()),
  p50: z.array(z.number()),
  p75: z.array(z.number()),
  p95: z.array(z.number()),
});

export const totalsSchema = z.object({
  totalCostUsd: statsSchema,
  costPerSuccessUsd: statsSchema,
  successfulTasks: statsSchema,
  unservedTasks: statsSchema,
  downtimeHours: statsSchema.describe(
    'capacity-weighted outage hours of the offers the strategy used, weighted by load',
  ),
  forcedMigrations: statsSchema,
  switchingCostUsd: statsSchema,
  fixedSelfHostCostUsd: statsSchema,
  valueUsd: statsSchema,
});

export const budgetResultSchema = z.object({
  budgetUsd: z.number(),
  pOverBudget: z.number(),
  ci95: z.tuple([z.number(), z.number()]).describe('Wilson score interval'),
});

export const strategyResultSchema = z.object({
  id: z.string(),
  name: z.string(),
  totals: totalsSchema,
  costByOfferMeanUsd: z.record(z.string(), z.number()),
  costByJurisdictionMeanUsd: z.record(z.string(), z.number()),
  budget: budgetResultSchema.nullable(),
  monthly: z.object({
    costUsd: bandsSchema,
    servedShare: bandsSchema,
    unservedTasks: bandsSchema,
    shareByOffer: z.record(z.string(), bandsSchema),
    forcedMigrationsMean: z.array(z.number()),
  }),
});

export const pairwiseResultSchema = z.object({
  a: z.string(),
  b: z.string(),
  costDiffUsd: statsSchema.describe('total cost of a minus total cost of b, paired run by run'),
  pACheaper: z.number(),
  pACheaperCi95: z.tuple([z.number(), z.number()]),
});

export const offerEconomicsSchema = z.object({
  offerId: z.string(),
  workloadId: z.string(),
  inputPriceUsdPerMTokens: z.number(),
  outputPriceUsdPerMTokens: z.number(),
  meanOutputTokenMultiplier: z.number(),
  publicQuality: z.number().describe("published capability index on the workload's axis"),
  effectiveQuality: z
    .number()
    .describe('public index minus 2.5 points per month of private-benchmark gap'),
  successPerAttempt: z.number(),
  successWithRetries: z.number(),
  costPerAttemptUsd: z.number(),
  costPerSuccessUsd: z.number(),
});

export const eventKinds = [
  'banStart',
  'banEnd',
  'capacityCutStart',
  'capacityCutEnd',
  'outage',
  'overload',
  'priceChange',
  'priceJump',
  'release',
  'retirementNotice',
  'retirement',
  'forcedMigration',
  'exit',
  'selfHostReady',
] as const;

export const simulationEventSchema = z.object({
  month: z.number().int(),
  kind: z.enum(eventKinds),
  detail: z.string(),
  shockId: z.string().optional(),
  offerId: z.string().optional(),
  strategyId: z.string().optional(),
  regionId: z.string().optional(),
});

export const sampleRunSchema = z.object({
  run: z.number().int(),
  events: z
    .array(simulationEventSchema)
    .describe('the first events of the run, in order (at most 500: see truncated)'),
  eventCount: z.number().int().describe('events that happened in the run, kept or not'),
  truncated: z
    .boolean()
    .describe(
      'true when the run had more events than the timeline keeps (events is the first part)',
    ),
  monthlyCostUsd: z.record(z.string(), z.array(z.number())),
});

export const simulationResultSchema = z.object({
  engineVersion: z.string(),
  schemaVersion: z.number().int(),
  seed: z.union([z.number(), z.string()]),
  runs: z.number().int(),
  startMonth: z.string(),
  months: z.array(z.string()),
  demandTasks: z
    .array(z.number())
    .describe('tasks demanded per month, all workloads (deterministic)'),
  offers: z.array(z.object({ id: z.string(), name: z.string() })),
  offerEconomics: z.array(offerEconomicsSchema),
  strategies: z.array(strategyResultSchema),
  pairwise: z.array(pairwiseResultSchema),
  samples: z.array(sampleRunSchema),
});

export type Stats = z.infer<typeof statsSchema>;
export type Bands = z.infer<typeof bandsSchema>;
export type StrategyResult = z.infer<typeof strategyResultSchema>;
export type PairwiseResult = z.infer<typeof pairwiseResultSchema>;
export type OfferEconomics = z.infer<typeof offerEconomicsSchema>;
export type SimulationEvent = z.infer<typeof simulationEventSchema>;
export type EventKind = (typeof eventKinds)[number];
export type SampleRun = z.infer<typeof sampleRunSchema>;
export type SimulationResult = z.infer<typeof simulationResultSchema>;
