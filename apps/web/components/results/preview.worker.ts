/// <reference lib="webworker" />
/**
 * The in-browser preview: simulates the scenario being edited with the same engine package the
 * server runs, off the main thread so typing never waits for it. One request at a time; the
 * page cancels a request by terminating this worker (the engine's loop is synchronous, so a
 * cancel message could not be read until the run had finished anyway).
 *
 * Same scenario + seed + runs + engine version => the same result as the server's, bit for bit
 * (the engine's determinism guarantee; tests/preview.spec.ts checks it against the API).
 */
import { simulate } from '@crosswind/engine';
import { validateScenario } from '@crosswind/schema';
import type { PreviewRequest, PreviewResponse } from './preview-protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<PreviewRequest>) => {
  const { id, scenario, runs, seed } = event.data;
  const startedAt = performance.now();
  let response: PreviewResponse;
  const valid = validateScenario(scenario);
  if (!valid.ok) {
    response = { id, ok: false, errors: valid.issues };
  } else {
    const result = simulate(valid.scenario, { runs, ...(seed !== undefined ? { seed } : {}) });
    response = result.ok
      ? { id, ok: true, result: result.value, computeMs: performance.now() - startedAt }
      : { id, ok: false, errors: result.errors };
  }
  self.postMessage(response);
};
