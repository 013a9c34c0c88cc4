import { z } from 'zod';
import { notFound } from '../errors.js';
import { createCallerFactory, publicProcedure, router } from '../trpc.js';
import { jobViewText, resolveTarget } from './simulation.js';
import { simulationTargetSchema } from './shared.js';

/**
 * The REST routes that answer with a whole simulation result, as procedures that hand back
 * the stored JSON text instead of an object. A result can be megabytes: parsing, validating
 * and serializing it again on the main thread would hold the event loop for tens of
 * milliseconds, so REST sends the text as it was stored (the tRPC procedures of the same
 * name in `simulation.ts` return objects, for the typed client). Same inputs, same checks,
 * same errors: the procedures run through the same middleware. Not part of `appRouter`.
 */
const CLOSE = Buffer.from('}');

export const resultTextRouter = router({
  run: publicProcedure
    .input(simulationTargetSchema)
    .mutation(async ({ ctx, input }) => [
      (await ctx.simulator.run(await resolveTarget(ctx, input))).json,
    ]),

  job: publicProcedure
    .input(z.strictObject({ jobId: z.string().min(1).max(64) }))
    .query(async ({ ctx, input }) => {
      const job = ctx.simulator.getJob(input.jobId);
      if (job === undefined) throw notFound('simulation job', 'jobId', input.jobId);
      const { view, resultJson } = await jobViewText(ctx, job, true);
      const head = JSON.stringify(view);
      if (resultJson === undefined) return [Buffer.from(head)];
      // The view's JSON ends with "}": the stored result goes in as the last field, as is
      // (sent in three chunks: the stored bytes are never copied).
      return [Buffer.from(`${head.slice(0, -1)},"result":`), resultJson, CLOSE];
    }),
});

export const createResultTextCaller = createCallerFactory(resultTextRouter);
