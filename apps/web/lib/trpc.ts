'use client';

import type { AppRouter, RouterInputs, RouterOutputs } from '@crosswind/api';
import { crosswindTransformer } from '@crosswind/schema';
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClient,
} from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

/**
 * The browser's typed client of the Crosswind API: tRPC over HTTP on this origin (`/api/trpc`),
 * typed from the API's `AppRouter`, used through TanStack Query (`useTRPC()` gives query and
 * mutation options whose keys come from tRPC). Server components do not use it: they read
 * in-process through lib/server-caller.ts.
 */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type { RouterInputs, RouterOutputs };
export type SavedScenario = RouterOutputs['scenario']['get'];
export type PresetSummary = RouterOutputs['preset']['list']['presets'][number];
/** What the `simulation.progress` subscription yields: progress, then a result or an error. */
export type JobProgressEvent =
  RouterOutputs['simulation']['progress'] extends AsyncIterable<infer E> ? E : never;

const TRPC_PATH = '/api/trpc';

/**
 * Queries and mutations go in batches (at most 10 calls, within the server's batch limit and
 * its 8,192-character URL limit); subscriptions (`simulation.progress`) use server-sent events.
 * Every link passes `crosswindTransformer`: simulation results travel as their stored JSON text
 * under one tagged field, and the transformer turns them back into objects here.
 */
export function createCrosswindClient(origin = ''): TRPCClient<AppRouter> {
  const url = `${origin}${TRPC_PATH}`;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url, transformer: crosswindTransformer }),
        false: httpBatchLink({
          url,
          transformer: crosswindTransformer,
          maxItems: 10,
          maxURLLength: 8000,
        }),
      }),
    ],
  });
}
