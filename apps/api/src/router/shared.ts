import {
  MAX_RUNS,
  idSchema,
  scenarioObjectSchema,
  scenarioSchema,
  simulationResultSchema,
  type Scenario,
} from '@crosswind/schema';
import { z } from 'zod';

/** Inputs and outputs shared by several routers. */

/**
 * The scenario in request bodies. trpc-to-openapi mutates the object schemas of an input to
 * coerce query strings (`_def.coerce = true` on nested numbers and booleans); a pipe stops
 * it from reaching the shared `scenarioSchema`, so `"openWeights": "false"` stays an error.
 */
export const scenarioBodySchema = scenarioSchema.pipe(z.custom<Scenario>(() => true)).meta({
  id: 'Scenario',
  description: 'a scenario (schema version 1); see GET /api/v1/presets/{id} for complete examples',
});

/** Named once in the OpenAPI document instead of inlined at every use. */
export const simulationResultOutputSchema = simulationResultSchema.meta({ id: 'SimulationResult' });
export const savedScenarioBodySchema = scenarioObjectSchema.meta({ id: 'ScenarioWithDefaults' });

export const savedIdSchema = z
  .string()
  .min(1)
  .max(64)
  .describe('id of a saved scenario: 22 URL-safe characters (128 random bits)');

export const runsSchema = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_RUNS, `must be at most ${MAX_RUNS}`)
  .describe("Monte Carlo runs; default: the scenario's simulation.runs");

export const seedSchema = z
  .union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(64)])
  .describe("master seed; default: the scenario's simulation.seed");

export const simulationTargetSchema = z.strictObject({
  scenario: scenarioBodySchema.optional().describe('an inline scenario (give this or scenarioId)'),
  scenarioId: savedIdSchema.optional().describe('a saved scenario (give this or scenario)'),
  runs: runsSchema.optional(),
  seed: seedSchema.optional(),
});

export const savedScenarioSummarySchema = z.object({
  id: z.string(),
  url: z.string().describe('share link path, /s/{id}'),
  name: z.string(),
  contentHash: z.string().describe('sha256 of the canonical scenario JSON (sorted keys)'),
  schemaVersion: z.number().int().describe('schema version the scenario was saved with'),
  engineVersion: z.string().describe('engine version when it was saved'),
  createdAt: z.string().describe('ISO 8601, UTC'),
  parentId: z.string().nullable().describe('the scenario it was forked from'),
});

export const savedScenarioSchema = savedScenarioSummarySchema.extend({
  scenario: savedScenarioBodySchema.describe(
    'the scenario, upgraded to the current schema version',
  ),
});

export const strategyIdsSchema = z.array(idSchema).min(2).max(12);

export const nameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(120, 'must be at most 120 characters')
  .describe("a new name (replaces the scenario's own name)");
