import { z } from 'zod';
import { notFound } from '../errors.js';
import { publicProcedure, router } from '../trpc.js';
import { savedScenarioBodySchema } from './shared.js';

const presetSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  question: z.string().describe('the decision the preset is about'),
  description: z.string().optional(),
});

export const presetRouter = router({
  list: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/presets',
        tags: ['presets'],
        summary: 'List preset scenarios',
        protect: false,
      },
    })
    .input(z.strictObject({}).optional())
    .output(z.object({ presets: z.array(presetSummarySchema) }))
    .query(({ ctx }) => ({
      presets: ctx.presets.list().map((p) => ({
        id: p.id,
        name: p.name,
        question: p.question,
        ...(p.description !== undefined ? { description: p.description } : {}),
      })),
    })),

  get: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/presets/{id}',
        tags: ['presets'],
        summary: 'Get a preset scenario',
        protect: false,
      },
    })
    .input(z.strictObject({ id: z.string().min(1).max(64) }))
    .output(presetSummarySchema.extend({ scenario: savedScenarioBodySchema }))
    .query(({ ctx, input }) => {
      const p = ctx.presets.get(input.id);
      if (p === undefined) throw notFound('preset', 'id', input.id);
      return {
        id: p.id,
        name: p.name,
        question: p.question,
        ...(p.description !== undefined ? { description: p.description } : {}),
        scenario: p.scenario,
      };
    }),
});
