/// <reference lib="webworker" />
/**
 * The in-browser preview: simulates the scenario being edited with the same engine package the
 * server runs, off the main thread so typing never waits for it.
 *
 * It simulates in blocks of PREVIEW_BLOCK_RUNS runs and looks at its messages between blocks:
 * a newer request abandons the older one within one block (a few tens of milliseconds), and the
 * worker stays alive, so its compiled (JIT) engine code serves every later edit. Terminating it
 * on each edit, as before, made every preview start cold (2–4 times slower).
 *
 * Blocks are merged as the server merges its threads' shards, so the same scenario + seed + runs
 * + engine version give the server's result bit for bit (tests/preview.spec.ts checks it).
 */
import { mergeBatches, simulateRange, summarizeBatch, type RunBatch } from '@crosswind/engine';
import { validateScenario } from '@crosswind/schema';
import type { PreviewCancel, PreviewRequest, PreviewResponse } from './preview-protocol';

declare const self: DedicatedWorkerGlobalScope;

/** Runs per block between two looks at the message queue. */
const PREVIEW_BLOCK_RUNS = 250;

/** The newest request received; an older one stops at its next block. */
let latest = 0;

/** Lets queued messages (a newer request) in. */
const yieldToMessages = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function answer(request: PreviewRequest): Promise<PreviewResponse | undefined> {
  const { id, scenario, runs } = request;
  const startedAt = performance.now();
  const valid = validateScenario(scenario);
  if (!valid.ok) return { id, ok: false, errors: valid.issues };
  const seed = request.seed ?? valid.scenario.simulation.seed;
  const batches: RunBatch[] = [];
  for (let start = 0; start < runs; start += PREVIEW_BLOCK_RUNS) {
    const block = simulateRange(valid.scenario, {
      seed,
      start,
      end: Math.min(runs, start + PREVIEW_BLOCK_RUNS),
    });
    if (!block.ok) return { id, ok: false, errors: block.errors };
    batches.push(block.value);
    await yieldToMessages();
    if (latest !== id) return undefined; // superseded: the page no longer wants this one
  }
  const result = summarizeBatch(valid.scenario, mergeBatches(batches));
  return { id, ok: true, result, computeMs: performance.now() - startedAt };
}

self.onmessage = (event: MessageEvent<PreviewRequest | PreviewCancel>) => {
  const message = event.data;
  latest = message.id;
  if ('cancel' in message) return;
  void answer(message).then(
    (response) => {
      if (response !== undefined) self.postMessage(response);
    },
    (e: unknown) => {
      self.postMessage({
        id: message.id,
        ok: false,
        errors: [{ path: '', message: e instanceof Error ? e.message : String(e) }],
      } satisfies PreviewResponse);
    },
  );
};
