import { SCHEMA_VERSION } from '@crosswind/schema';
import { z } from 'zod';
import { isDatabaseError } from '../db/errors.js';
import { retryLater } from '../errors.js';
import { publicProcedure, router } from '../trpc.js';

export const healthRouter = router({
  live: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/health',
        tags: ['health'],
        summary: 'Liveness',
        protect: false,
      },
    })
    .input(z.strictObject({}).optional())
    .output(
      z.object({
        status: z.literal('ok'),
        engineVersion: z.string(),
        schemaVersion: z.number().int(),
      }),
    )
    .query(({ ctx }) => ({
      status: 'ok' as const,
      engineVersion: ctx.simulator.engineVersion,
      schemaVersion: SCHEMA_VERSION,
    })),

  ready: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/ready',
        tags: ['health'],
        summary: 'Readiness: the database answers and the worker pool is up',
        protect: false,
        errorResponses: { 503: 'not ready' },
      },
    })
    .input(z.strictObject({}).optional())
    .output(
      z.object({
        status: z.literal('ready'),
        database: z.enum(['sqlite', 'postgres']),
        workerThreads: z.number().int(),
        simulationsRunning: z.number().int(),
        simulationsQueued: z.number().int(),
      }),
    )
    .query(async ({ ctx }) => {
      try {
        await ctx.repo.ping();
      } catch (e) {
        if (isDatabaseError(e))
          throw retryLater('SERVICE_UNAVAILABLE', `not ready: ${e.message}`, 5);
        throw retryLater('SERVICE_UNAVAILABLE', 'not ready: the database does not answer', 5);
      }
      const readOnly = await ctx.repo.readOnlyReason();
      if (readOnly !== undefined)
        throw retryLater('SERVICE_UNAVAILABLE', `not ready: saves are disabled: ${readOnly}`, 60);
      const stats = ctx.simulator.stats();
      return {
        status: 'ready' as const,
        database: ctx.repo.kind,
        workerThreads: ctx.simulator.threads,
        simulationsRunning: stats.running,
        simulationsQueued: stats.queued,
      };
    }),
});
