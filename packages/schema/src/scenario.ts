import { z } from 'zod';

/**
 * The scenario, defined once. Every number carries its unit in its name or description and has
 * bounds; ids are short slugs referenced by name, and cross-references are checked in
 * `validate.ts` so that errors point at the path that names an unknown id.
 */

export const SCHEMA_VERSION = 1 as const;
export const MAX_HORIZON_MONTHS = 120;
export const MAX_RUNS = 1_000_000;
export const MAX_FORMULA_LENGTH = 500;

export const idSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'use lower-case letters, digits, ".", "_" or "-", e.g. "glm-5.2-selfhost"',
  );

const labelSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(120, 'must be at most 120 characters');
const jurisdictionSchema = z
  .string()
  .regex(/^[A-Z]{2,8}$/, 'use an upper-case code of 2 to 8 letters, e.g. "US", "CN", "EU", "APAC"');

const finite = (min: number, max: number, unit: string) =>
  z
    .number({
      error: (iss) =>
        iss.input === undefined ? `is required (a number: ${unit})` : `must be a number (${unit})`,
    })
    .refine(Number.isFinite, 'must be a finite number')
    .pipe(
      z
        .number()
        .min(min, `must be at least ${min} ${unit}`)
        .max(max, `must be at most ${max} ${unit}`),
    )
    .describe(unit);

/** A whole number within bounds, with its unit in every message. */
const whole = (min: number, max: number, unit: string) =>
  z
    .number({
      error: (iss) =>
        iss.input === undefined
          ? `is required (a whole number of ${unit})`
          : `must be a whole number of ${unit}`,
    })
    .int(`must be a whole number of ${unit}`)
    .min(min, `must be at least ${min} ${unit}`)
    .max(max, `must be at most ${max} ${unit}`)
    .describe(unit);

const share = (what: string) => finite(0, 1, `share of ${what}, 0..1`);
const monthIndex = (horizonNote: string) =>
  z
    .number({ error: 'must be a whole month index' })
    .int('must be a whole month index (0 = start month)')
    .min(0, 'must be at least 0 (the start month)')
    .max(MAX_HORIZON_MONTHS - 1, `must be at most ${MAX_HORIZON_MONTHS - 1}`)
    .describe(horizonNote);

export const formulaSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_FORMULA_LENGTH, `must be at most ${MAX_FORMULA_LENGTH} characters`)
  .describe('arithmetic formula of `month` (0 = start month), e.g. "50 * 0.97^month"');

/** A positive quantity that is either fixed or lognormal (given by its median and log-sd). */
export const positiveDistributionSchema = z.union([
  finite(0.01, 1000, 'factor'),
  z
    .object({
      lognormal: z
        .object({
          median: finite(0.01, 1000, 'factor'),
          sigma: finite(0, 3, 'log-standard deviation'),
        })
        .strict(),
    })
    .strict(),
]);

export const logNormalHoursSchema = z
  .object({
    mu: finite(-10, 10, 'mean of ln(hours)'),
    sigma: finite(0, 5, 'sd of ln(hours)'),
  })
  .strict()
  .describe('LogNormal(mu, sigma) in hours: median exp(mu), mean exp(mu + sigma^2/2)');

export const outageSchema = z
  .object({
    ratePerMonth: finite(0, 200, 'incidents per month'),
    durationHours: logNormalHoursSchema,
    severity: share('capacity lost during an incident').default(1),
    clusteringShape: finite(0.05, 1000, 'gamma shape k')
      .optional()
      .describe(
        'when set, the monthly rate is drawn from Gamma(k, rate/k): negative-binomial counts',
      ),
  })
  .strict();

export const overloadSchema = z
  .object({
    ratePerMonth: finite(0, 50, 'overload episodes per month'),
    medianHours: finite(0.1, 2000, 'hours'),
    sigma: finite(0, 5, 'sd of ln(hours)').default(1),
    severity: share('capacity lost during an episode').default(0.5),
  })
  .strict()
  .describe('long capacity-shortage episodes (compute-constrained labs)');

export const priceStepSchema = z
  .object({
    month: monthIndex('month the factor starts to apply'),
    factor: finite(0, 1000, 'price factor'),
  })
  .strict();

export const pricePathSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('steps'), steps: z.array(priceStepSchema).min(1).max(240) })
    .strict()
    .describe('price factor changes at dated months (relative to the base price)'),
  z
    .object({ type: z.literal('formula'), formula: formulaSchema })
    .strict()
    .describe('price factor as a formula of month, evaluated once per month'),
]);

export const selfHostSchema = z
  .object({
    gpuHourUsd: finite(0, 1000, 'USD per GPU-hour'),
    gpusPerReplica: whole(1, 1024, 'GPUs per replica'),
    replicas: whole(1, 10_000, 'reserved replicas (paid whether used or not)'),
    outputTokensPerSecondPerReplica: finite(1, 1e7, 'output tokens per second per replica'),
    utilisationCeiling: finite(0.01, 1, 'share of peak throughput usable'),
    inputTokenWeight: finite(
      0,
      1,
      'GPU time of an input token relative to an output token',
    ).default(0.1),
    leadTimeMonths: whole(0, 60, 'months from decision until it can take load'),
    setupCostUsd: finite(0, 1e10, 'USD, once'),
    monthlyOpsUsd: finite(0, 1e9, 'USD per month'),
  })
  .strict();

export const offerSchema = z
  .object({
    id: idSchema,
    name: labelSchema,
    lab: labelSchema,
    model: labelSchema,
    host: labelSchema,
    kind: z.enum(['api', 'selfHost']),
    labJurisdiction: jurisdictionSchema,
    hostJurisdiction: jurisdictionSchema,
    openWeights: z.boolean(),
    priceUsdPerMTokens: z
      .object({
        input: finite(0, 10_000, 'USD per million input tokens'),
        output: finite(0, 10_000, 'USD per million output tokens'),
      })
      .strict()
      .describe(
        'API list price; for self-hosting the marginal price, usually 0 (GPUs are reserved)',
      ),
    pricePath: pricePathSchema.optional(),
    quality: z
      .record(idSchema, finite(0, 100, 'capability index points'))
      .refine(
        (q) => Object.keys(q).length > 0,
        'give at least one quality axis, e.g. { "general": 50 }',
      )
      .describe('capability index (0-100) per task axis'),
    privateBenchmarkGapMonths: finite(0, 60, 'months').default(0),
    tokenMultiplier: z
      .record(idSchema, positiveDistributionSchema)
      .default({})
      .describe(
        'output tokens relative to the workload reference, per workload id; "*" is not allowed, missing means 1',
      ),
    outages: outageSchema.optional(),
    overload: overloadSchema.optional(),
    capacityMTokensPerMonth: finite(0, 1e9, 'million tokens per month')
      .optional()
      .describe('monthly token cap (input + output); overflow goes down the fallback chain'),
    selfHost: selfHostSchema.optional(),
  })
  .strict();

export const growthSchema = z.union([
  z.object({ monthlyRate: finite(-0.5, 1, 'fractional growth per month') }).strict(),
  z
    .object({
      formula: formulaSchema.describe('demand multiplier as a formula of month, 1 at month 0'),
    })
    .strict(),
]);

export const workloadSchema = z
  .object({
    id: idSchema,
    name: labelSchema,
    tasksPerMonth: finite(0, 1e11, 'tasks per month at month 0'),
    growth: growthSchema.default({ monthlyRate: 0 }),
    inputTokensPerAttempt: finite(0, 1e8, 'input tokens per attempt on the reference model'),
    outputTokensPerAttempt: finite(0, 1e8, 'output tokens per attempt on the reference model'),
    qualityAxis: idSchema,
    difficulty: finite(0, 100, 'capability index points'),
    slope: finite(0.1, 100, 'capability index points per logit'),
    maxRetries: whole(0, 10, 'retries after a failed attempt'),
    valuePerSuccessUsd: finite(0, 1e7, 'USD per successful task').default(0),
    regionMix: z
      .record(idSchema, share('this workload'))
      .optional()
      .describe("share of tasks per region id; default: the regions' demand shares"),
  })
  .strict();

export const regionSchema = z
  .object({
    id: idSchema,
    name: labelSchema,
    demandShare: share('all demand'),
    jurisdiction: jurisdictionSchema,
  })
  .strict();

/** Which (offer, region) pairs a shock touches. Every filter given must match; none means all. */
export const scopeSchema = z
  .object({
    offers: z.array(idSchema).max(200).optional(),
    labs: z.array(labelSchema).max(200).optional(),
    models: z
      .array(labelSchema)
      .max(200)
      .optional()
      .describe('model names, e.g. "Fable 5": every offer of the model, through any host'),
    labJurisdictions: z.array(jurisdictionSchema).max(50).optional(),
    hostJurisdictions: z.array(jurisdictionSchema).max(50).optional(),
    kinds: z
      .array(z.enum(['api', 'selfHost']))
      .max(2)
      .optional(),
    openWeights: z.boolean().optional(),
    regions: z.array(idSchema).max(200).optional().describe('user regions affected; default all'),
  })
  .strict();

export const timingSchema = z.union([
  z.object({ atMonth: monthIndex('month the shock fires') }).strict(),
  z.object({ hazardPerMonth: finite(0, 1, 'probability per month') }).strict(),
]);

export const durationSchema = z.union([
  z.literal('permanent'),
  z.object({ months: whole(1, MAX_HORIZON_MONTHS, 'months') }).strict(),
  z
    .object({
      lognormalMonths: z
        .object({ median: finite(0.1, 600, 'months'), sigma: finite(0, 5, 'sd of ln(months)') })
        .strict(),
    })
    .strict(),
]);

const shockBase = {
  id: idSchema,
  name: labelSchema.optional(),
  scope: scopeSchema,
};

export const banShockSchema = z
  .object({
    ...shockBase,
    kind: z.literal('ban'),
    timing: timingSchema,
    duration: durationSchema.default('permanent'),
    group: idSchema
      .optional()
      .describe('common-shock group: when the group fires, this ban fires too'),
  })
  .strict();

export const capacityCutShockSchema = z
  .object({
    ...shockBase,
    kind: z.literal('capacityCut'),
    timing: timingSchema,
    duration: durationSchema.default('permanent'),
    capacityFactor: finite(0, 1, 'share of capacity left'),
    group: idSchema.optional(),
  })
  .strict();

export const priceChangeShockSchema = z
  .object({
    ...shockBase,
    kind: z.literal('priceChange'),
    timing: timingSchema,
    factor: finite(0, 1000, 'price factor applied from then on'),
  })
  .strict();

export const priceJumpsShockSchema = z
  .object({
    ...shockBase,
    kind: z.literal('priceJumps'),
    ratePerMonth: finite(0, 10, 'jumps per month per offer'),
    logSizeMean: finite(-10, 10, 'mean of ln(price factor)'),
    logSizeSd: finite(0, 5, 'sd of ln(price factor)'),
  })
  .strict();

export const releaseShockSchema = z
  .object({
    ...shockBase,
    kind: z.literal('release'),
    timing: z.union([
      timingSchema,
      z.object({ ratePerMonth: finite(0, 10, 'releases per month per lab') }).strict(),
    ]),
    qualityStepMean: finite(-50, 50, 'capability index points'),
    qualityStepSd: finite(0, 50, 'capability index points'),
    priceResetFactor: finite(0, 1000, 'price factor set at a release').optional(),
  })
  .strict();

export const retirementShockSchema = z
  .object({
    ...shockBase,
    kind: z.literal('retirement'),
    atMonth: monthIndex('month the model stops serving'),
    noticeMonths: whole(0, MAX_HORIZON_MONTHS, 'months of notice before the retirement')
      .default(0)
      .describe('from atMonth - noticeMonths the offers take no new load'),
  })
  .strict()
  .describe(
    'a lab retires a model: its offers in scope take no new load from the notice and stop serving at atMonth',
  );

export const shockSchema = z.discriminatedUnion('kind', [
  banShockSchema,
  capacityCutShockSchema,
  priceChangeShockSchema,
  priceJumpsShockSchema,
  releaseShockSchema,
  retirementShockSchema,
]);

export const commonShockSchema = z
  .object({
    id: idSchema,
    name: labelSchema.optional(),
    hazardPerMonth: finite(0, 1, 'probability per month'),
  })
  .strict();

export const routeSchema = z
  .object({
    workloads: z
      .array(idSchema)
      .max(100)
      .optional()
      .describe('workload ids this route serves; default all'),
    regions: z
      .array(idSchema)
      .max(100)
      .optional()
      .describe('region ids this route serves; default all'),
    primary: z
      .array(
        z.object({ offer: idSchema, weight: finite(0, 1, "share of the route's demand") }).strict(),
      )
      .min(1, 'give at least one primary offer')
      .max(20),
    fallbacks: z.array(idSchema).max(20).default([]),
  })
  .strict();

export const strategySchema = z
  .object({
    id: idSchema,
    name: labelSchema,
    description: z.string().max(2000).optional(),
    mode: z.enum(['rule', 'adaptive']).default('rule'),
    routes: z.array(routeSchema).min(1, 'give at least one route').max(100),
    allowedJurisdictions: z
      .array(jurisdictionSchema)
      .max(50)
      .optional()
      .describe('lab and host jurisdictions allowed; default all'),
    switching: z
      .object({
        lagMonths: whole(1, 60, 'months to close the gap to a new target').default(1),
        switchCostUsd: finite(0, 1e9, 'USD per full move of one workload-region cell'),
        exitFeeUsd: finite(0, 1e9, 'USD when leaving an offer before the contract ends').default(0),
        contractMonths: whole(0, MAX_HORIZON_MONTHS, 'months of contract').default(0),
        inertiaBonus: finite(0, 100, 'utility bonus for the incumbent offer').default(0),
      })
      .strict()
      .default({
        lagMonths: 1,
        switchCostUsd: 0,
        exitFeeUsd: 0,
        contractMonths: 0,
        inertiaBonus: 0,
      }),
    adaptive: z
      .object({
        beta: finite(0, 100, 'softmax sharpness on ln cost per successful task'),
        riskAversion: finite(
          0,
          100,
          "weight of last month's downtime in the risk adjustment",
        ).default(1),
      })
      .strict()
      .optional(),
    budgetUsd: finite(0, 1e13, 'USD over the horizon').optional(),
  })
  .strict();

export const simulationSettingsSchema = z
  .object({
    runs: whole(1, MAX_RUNS, 'runs').default(2000),
    seed: z
      .union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(64)])
      .default(1),
    sampleRuns: whole(0, 20, 'runs whose event timeline is kept').default(3),
  })
  .strict();

export const worldSchema = z
  .object({
    startMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'use YYYY-MM, e.g. "2026-06"'),
    horizonMonths: whole(1, MAX_HORIZON_MONTHS, 'months'),
    regions: z.array(regionSchema).min(1).max(50),
    offers: z.array(offerSchema).min(1).max(100),
    workloads: z.array(workloadSchema).min(1).max(50),
    shocks: z.array(shockSchema).max(200).default([]),
    commonShocks: z.array(commonShockSchema).max(50).default([]),
  })
  .strict();

export const scenarioObjectSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    name: labelSchema,
    description: z.string().max(5000).optional(),
    world: worldSchema,
    strategies: z.array(strategySchema).min(1).max(12),
    simulation: simulationSettingsSchema.default({ runs: 2000, seed: 1, sampleRuns: 3 }),
  })
  .strict();

export type ScenarioInput = z.input<typeof scenarioObjectSchema>;
export type Scenario = z.output<typeof scenarioObjectSchema>;
export type World = Scenario['world'];
export type Offer = z.output<typeof offerSchema>;
export type Workload = z.output<typeof workloadSchema>;
export type Region = z.output<typeof regionSchema>;
export type Shock = z.output<typeof shockSchema>;
export type BanShock = z.output<typeof banShockSchema>;
export type RetirementShock = z.output<typeof retirementShockSchema>;
export type Scope = z.output<typeof scopeSchema>;
export type Timing = z.output<typeof timingSchema>;
export type Duration = z.output<typeof durationSchema>;
export type Strategy = z.output<typeof strategySchema>;
export type Route = z.output<typeof routeSchema>;
export type PricePath = z.output<typeof pricePathSchema>;
export type PositiveDistribution = z.output<typeof positiveDistributionSchema>;
export type SimulationSettings = z.output<typeof simulationSettingsSchema>;
