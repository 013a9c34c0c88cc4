import type { SimulationResult } from '@crosswind/schema';

/** Runs of the in-browser preview: enough for stable headline figures, quick to simulate. */
export const PREVIEW_RUNS = 2000;

/** The messages between the page and preview.worker.ts. */
export interface PreviewRequest {
  /** increases with every request; a response to an older one is ignored */
  id: number;
  /** the scenario as edited (validated in the worker, as the API does) */
  scenario: unknown;
  runs: number;
  /** default: the scenario's simulation.seed */
  seed?: number | string;
}

/** Stops the request in progress without starting another (the scenario became invalid). */
export interface PreviewCancel {
  id: number;
  cancel: true;
}

export type PreviewResponse =
  | { id: number; ok: true; result: SimulationResult; computeMs: number }
  | { id: number; ok: false; errors: { path: string; message: string }[] };
