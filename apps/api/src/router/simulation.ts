import {
  JsonText,
  strategyResultSchema,
  pairwiseResultSchema,
  type Scenario,
  type SimulationResult,
} from '@crosswind/schema';
import { z } from 'zod';
import type { Context } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { loadScenario } from '../scenarios.js';
import type { JobError, JobEvent, JobState, SimulationRequest } from '../sim/simulator.js';
import { followJob } from '../sse.js';
import { publicProcedure, router } from '../trpc.js';
import {
  runsSchema,
  simulationResultOutputSchema,
  savedIdSchema,
  seedSchema,
  simulationTargetSchema,
  strategyIdsSchema,
} from './shared.js';

type Target = z.output<typeof simulationTargetSchema>;

/** Turns `{ scenario } | { scenarioId }` plus overrides into a simulation request. */
export async function resolveTarget(
  ctx: Context,
  input: Target,
): Promise<SimulationRequest & { name: string }> {
  let scenario: Scenario;
  let scenarioPath: string;
  if (input.scenario !== undefined && input.scenarioId !== undefined) {
    throw badRequest('scenarioId', 'give either scenario or scenarioId, not both');
  } else if (input.scenario !== undefined) {
    scenario = input.scenario;
    scenarioPath = 'scenario';
  } else if (input.scenarioId !== undefined) {
    scenario = (await loadScenario(ctx.repo, input.scenarioId, 'scenarioId')).scenario;
    scenarioPath = 'scenario';
  } else {
    throw badRequest('scenario', 'give a scenario or the scenarioId of a saved one');
  }
  return {
    scenario,
    name: scenario.name,
    runs: input.runs ?? scenario.simulation.runs,
    seed: input.seed ?? scenario.simulation.seed,
    scenarioPath,
    runsPath:
      input.runs !== undefined || input.scenario === undefined
        ? 'runs'
        : 'scenario.simulation.runs',
    clientId: ctx.clientId,
    signal: ctx.signal,
  };
}

/** Runs (or finds in the cache) the simulation of a request and reads its result. */
async function simulate(ctx: Context, req: SimulationRequest): Promise<SimulationResult> {
  const { json } = await ctx.simulator.run(req);
  return JSON.parse(json.toString('utf8')) as SimulationResult;
}

/**
 * The stored result as the procedure's output, unparsed: `crosswindTransformer` sends it to
 * typed clients as text and they parse it (see packages/schema/src/wire.ts). Typed as the object
 * it stands for, which is what a client receives.
 */
function storedResult(json: Buffer): SimulationResult {
  return new JsonText(json.toString('utf8')) as unknown as SimulationResult;
}

/**
 * An output "parser" that checks nothing: results come from the engine and are stored as text,
 * and validating megabytes of them on every answer held the event loop for 70–110 ms. The
 * OpenAPI document still gets the schema from `documentedOutput`.
 */
const trusted =
  <T>() =>
  (value: unknown): T =>
    value as T;

/** Names `schema` as a procedure's output in the OpenAPI document (trpc-to-openapi reads `_def.output`). */
function documentedOutput<P extends { _def: object }>(procedure: P, schema: z.ZodType): P {
  (procedure._def as { output?: unknown }).output = schema;
  return procedure;
}

const strategySummarySchema = strategyResultSchema.pick({
  id: true,
  name: true,
  totals: true,
  budget: true,
});

export const jobStateSchema = z.object({
  jobId: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  done: z.number().int().describe('runs finished'),
  total: z.number().int().describe('runs in total'),
  eventsUrl: z.string().describe('server-sent events: progress, then result or error'),
  statusUrl: z.string(),
  error: z
    .object({ code: z.string(), message: z.string(), path: z.string().optional() })
    .optional(),
  result: simulationResultOutputSchema.optional(),
});

/**
 * A job's state and, when `withResult` and it is done, its stored result as JSON text (the
 * REST route splices it in as it is; tRPC parses it).
 */
export async function jobViewText(
  ctx: Context,
  job: JobState,
  withResult: boolean,
): Promise<{ view: z.input<typeof jobStateSchema>; resultJson: Buffer | undefined }> {
  let resultJson: Buffer | undefined;
  let error = job.error;
  if (withResult && job.status === 'done') {
    resultJson = await ctx.simulator.jobResult(job.id);
    if (resultJson === undefined)
      error = {
        code: 'NOT_FOUND',
        message: 'the result of this job is no longer stored; start the simulation again',
      };
  }
  const view = {
    jobId: job.id,
    status: job.status,
    done: job.done,
    total: job.total,
    eventsUrl: `/api/v1/simulations/jobs/${job.id}/events`,
    statusUrl: `/api/v1/simulations/jobs/${job.id}`,
    ...(error !== undefined ? { error } : {}),
  };
  return { view, resultJson };
}

async function jobView(
  ctx: Context,
  job: JobState,
  withResult: boolean,
): Promise<z.input<typeof jobStateSchema>> {
  const { view, resultJson } = await jobViewText(ctx, job, withResult);
  return resultJson === undefined ? view : { ...view, result: storedResult(resultJson) };
}

/** What `simulation.progress` yields: progress, then one result or error. */
export type JobProgressEvent =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; result: SimulationResult }
  | { type: 'error'; error: JobError };

/** A job event in the subscription's encoding (the REST stream's is in sse.ts). */
function progressEvent(event: JobEvent): JobProgressEvent {
  switch (event.type) {
    case 'progress':
      return { type: 'progress', done: event.done, total: event.total };
    case 'result':
      // One tagged field of stored text, like `simulation.job`'s result (see storedResult).
      return { type: 'result', result: storedResult(event.json) };
    case 'error':
      return { type: 'error', error: event.error };
  }
}

const jobIdSchema = z.string().min(1).max(64);

export const simulationRouter = router({
  run: documentedOutput(
    publicProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/v1/simulations',
          tags: ['simulations'],
          summary: 'Run a simulation',
          description:
            'Simulates an inline `scenario` or a saved `scenarioId` and returns the full result. Results are cached by (content hash, seed, runs, engine version): the same request returns identical JSON.',
          protect: false,
          errorResponses: {
            400: 'invalid input or over the work budget',
            404: 'unknown scenarioId',
            429: 'simulator busy (see Retry-After)',
          },
        },
      })
      .input(simulationTargetSchema)
      .output(trusted<SimulationResult>())
      .mutation(async ({ ctx, input }) =>
        storedResult((await ctx.simulator.run(await resolveTarget(ctx, input))).json),
      ),
    simulationResultOutputSchema,
  ),

  compareStrategies: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/simulations/compare-strategies',
        tags: ['simulations'],
        summary: 'Compare strategies of one scenario',
        description:
          'Totals of the chosen strategies (default: all) and their paired differences; strategies share sampled worlds, so the differences are paired run by run.',
        protect: false,
      },
    })
    .input(simulationTargetSchema.extend({ strategyIds: strategyIdsSchema.optional() }))
    .output(
      z.object({
        engineVersion: z.string(),
        seed: seedSchema,
        runs: z.number().int(),
        strategies: z.array(strategySummarySchema),
        pairwise: z.array(pairwiseResultSchema),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const req = await resolveTarget(ctx, input);
      const known = new Set(req.scenario.strategies.map((s) => s.id));
      input.strategyIds?.forEach((id, i) => {
        if (!known.has(id))
          throw badRequest(
            `strategyIds[${i}]`,
            `unknown strategy "${id}"; known: ${[...known].join(', ')}`,
          );
      });
      const wanted = new Set(input.strategyIds ?? known);
      const result = await simulate(ctx, req);
      return {
        engineVersion: result.engineVersion,
        seed: result.seed,
        runs: result.runs,
        strategies: result.strategies
          .filter((s) => wanted.has(s.id))
          .map(({ id, name, totals, budget }) => ({ id, name, totals, budget })),
        pairwise: result.pairwise.filter((p) => wanted.has(p.a) && wanted.has(p.b)),
      };
    }),

  compareScenarios: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/simulations/compare-scenarios',
        tags: ['simulations'],
        summary: 'Compare two to four saved scenarios',
        description:
          "Simulates each saved scenario (cached) with the given runs and seed (default: each scenario's own) and returns the strategy totals side by side.",
        protect: false,
      },
    })
    .input(
      z.strictObject({
        scenarioIds: z
          .array(savedIdSchema)
          .min(2, 'give at least 2 scenario ids')
          .max(4, 'give at most 4 scenario ids'),
        runs: runsSchema.optional(),
        seed: seedSchema.optional(),
      }),
    )
    .output(
      z.object({
        engineVersion: z.string(),
        scenarios: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            seed: seedSchema,
            runs: z.number().int(),
            strategies: z.array(strategySummarySchema),
          }),
        ),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const scenarios = [];
      for (const [i, id] of input.scenarioIds.entries()) {
        const saved = await loadScenario(ctx.repo, id, `scenarioIds[${i}]`);
        const result = await simulate(ctx, {
          clientId: ctx.clientId,
          signal: ctx.signal,
          scenario: saved.scenario,
          runs: input.runs ?? saved.scenario.simulation.runs,
          seed: input.seed ?? saved.scenario.simulation.seed,
          scenarioPath: `scenarioIds[${i}]`,
          runsPath: 'runs',
        });
        scenarios.push({
          id,
          name: saved.name,
          seed: result.seed,
          runs: result.runs,
          strategies: result.strategies.map(({ id: sid, name, totals, budget }) => ({
            id: sid,
            name,
            totals,
            budget,
          })),
        });
      }
      return { engineVersion: ctx.simulator.engineVersion, scenarios };
    }),

  startJob: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/simulations/jobs',
        tags: ['simulations'],
        summary: 'Start a simulation in the background',
        description:
          'Same body as POST /v1/simulations. Returns a job id at once (status `done` if the result is already stored); follow progress with GET {eventsUrl} (server-sent events, ending with the result) or poll {statusUrl} (which carries the result when done).',
        protect: false,
      },
    })
    .input(simulationTargetSchema)
    .output(jobStateSchema)
    .mutation(async ({ ctx, input }) =>
      jobView(ctx, ctx.simulator.startJob(await resolveTarget(ctx, input)), false),
    ),

  job: documentedOutput(
    publicProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/v1/simulations/jobs/{jobId}',
          tags: ['simulations'],
          summary: 'Status of a background simulation (with the result when done)',
          protect: false,
        },
      })
      .input(z.strictObject({ jobId: jobIdSchema }))
      .output(trusted<z.output<typeof jobStateSchema>>())
      .query(({ ctx, input }) => {
        const job = ctx.simulator.getJob(input.jobId);
        if (job === undefined) throw notFound('simulation job', 'jobId', input.jobId);
        return jobView(ctx, job, true);
      }),
    jobStateSchema,
  ),

  /**
   * A background job's progress over tRPC's server-sent events (`httpSubscriptionLink`):
   * `progress` events, then exactly one `result` or `error`, then the end. A finished job yields
   * its final event at once; a client that reconnects starts again from the job's state now.
   * The same events as GET /api/v1/simulations/jobs/{jobId}/events (see sse.ts).
   */
  progress: publicProcedure
    .input(z.strictObject({ jobId: jobIdSchema }))
    .subscription(async function* ({ ctx, input, signal }): AsyncGenerator<JobProgressEvent> {
      for await (const event of followJob(ctx.simulator, input.jobId, signal))
        yield progressEvent(event);
    }),
});
