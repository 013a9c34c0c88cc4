import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { router } from '../trpc.js';
import { healthRouter } from './health.js';
import { presetRouter } from './preset.js';
import { scenarioRouter } from './scenario.js';
import { simulationRouter } from './simulation.js';

export const appRouter = router({
  scenario: scenarioRouter,
  simulation: simulationRouter,
  preset: presetRouter,
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
