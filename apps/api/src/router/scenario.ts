import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { notFound } from '../errors.js';
import { isId } from '../ids.js';
import {
  listForkScenarios,
  listRecentScenarios,
  loadScenario,
  saveScenario,
} from '../scenarios.js';
import { publicProcedure, router } from '../trpc.js';
import {
  nameSchema,
  scenarioBodySchema,
  savedIdSchema,
  savedScenarioSchema,
  savedScenarioSummarySchema,
} from './shared.js';

const savedRefSchema = z.object({
  id: z.string(),
  url: z.string().describe('share link path, /s/{id}'),
  contentHash: z.string(),
  parentId: z.string().nullable(),
});

export const scenarioRouter = router({
  save: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/scenarios',
        tags: ['scenarios'],
        summary: 'Save a scenario',
        description:
          'Stores an immutable copy and returns its id and share link. Saving again makes a new id.',
        protect: false,
      },
    })
    .input(z.strictObject({ scenario: scenarioBodySchema, name: nameSchema.optional() }))
    .output(savedRefSchema)
    .mutation(async ({ ctx, input }) => {
      const saved = await saveScenario(ctx.repo, input.scenario, {
        name: input.name,
        parentId: null,
        engineVersion: ctx.simulator.engineVersion,
      });
      return {
        id: saved.id,
        url: saved.url,
        contentHash: saved.contentHash,
        parentId: saved.parentId,
      };
    }),

  get: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/scenarios/{id}',
        tags: ['scenarios'],
        summary: 'Get a saved scenario',
        protect: false,
      },
    })
    .input(z.strictObject({ id: savedIdSchema }))
    .output(savedScenarioSchema)
    .query(({ ctx, input }) => loadScenario(ctx.repo, input.id)),

  fork: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/scenarios/{id}/fork',
        tags: ['scenarios'],
        summary: 'Fork a saved scenario',
        description:
          'Saves a new scenario whose parent is {id}: the edited `scenario` if given, otherwise a copy (optionally renamed).',
        protect: false,
      },
    })
    .input(
      z.strictObject({
        id: savedIdSchema,
        scenario: scenarioBodySchema.optional(),
        name: nameSchema.optional(),
      }),
    )
    .output(savedRefSchema)
    .mutation(async ({ ctx, input }) => {
      const parent = await loadScenario(ctx.repo, input.id);
      const saved = await saveScenario(ctx.repo, input.scenario ?? parent.scenario, {
        name: input.name,
        parentId: parent.id,
        engineVersion: ctx.simulator.engineVersion,
      });
      return {
        id: saved.id,
        url: saved.url,
        contentHash: saved.contentHash,
        parentId: saved.parentId,
      };
    }),

  listRecent: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/scenarios',
        tags: ['scenarios'],
        summary: 'List recently saved scenarios',
        description:
          'Newest first, without the scenario bodies. Off unless the server sets CROSSWIND_LIST_RECENT=true (403 FORBIDDEN otherwise).',
        protect: false,
      },
    })
    .input(z.strictObject({ limit: z.number().int().min(1).max(100).default(20) }))
    .output(z.object({ scenarios: z.array(savedScenarioSummarySchema) }))
    .query(async ({ ctx, input }) => {
      if (!ctx.config.listRecent)
        throw new TRPCError({
          code: 'FORBIDDEN',
          message:
            'Listing saved scenarios is disabled on this server (CROSSWIND_LIST_RECENT=false): open a saved scenario by its share link, /s/{id}',
        });
      return { scenarios: await listRecentScenarios(ctx.repo, input.limit) };
    }),

  forks: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/scenarios/{id}/forks',
        tags: ['scenarios'],
        summary: 'List the saved forks of a scenario',
        description:
          'Newest first, without the scenario bodies. Forks are other people\'s saves, so like the recent list this is off unless the server sets CROSSWIND_LIST_RECENT=true: otherwise the answer is `{ "listed": false, "forks": [] }` whatever the id.',
        protect: false,
      },
    })
    .input(
      z.strictObject({
        id: savedIdSchema,
        limit: z.number().int().min(1).max(100).default(50),
      }),
    )
    .output(
      z.object({
        listed: z
          .boolean()
          .describe('whether this server lists saved scenarios (CROSSWIND_LIST_RECENT)'),
        forks: z.array(savedScenarioSummarySchema),
      }),
    )
    .query(async ({ ctx, input }) => {
      if (!ctx.config.listRecent) return { listed: false, forks: [] };
      const parent = isId(input.id) ? await ctx.repo.getScenario(input.id) : undefined;
      if (parent === undefined) throw notFound('saved scenario', 'id', input.id);
      return { listed: true, forks: await listForkScenarios(ctx.repo, input.id, input.limit) };
    }),
});
