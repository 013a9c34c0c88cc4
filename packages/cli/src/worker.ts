import { parentPort, workerData } from 'node:worker_threads';
import { simulateRange, transferables, type EngineError, type RunBatch } from '@crosswind/engine';
import type { Scenario } from '@crosswind/schema';

/** What the main thread sends a shard worker (as workerData). */
export interface ShardJob {
  scenario: Scenario;
  seed: number | string;
  start: number;
  end: number;
}

/** What a shard worker posts back. */
export type ShardMessage =
  | { type: 'progress'; done: number }
  | { type: 'done'; batch: RunBatch }
  | { type: 'error'; errors: EngineError[] };

const PROGRESS_EVERY_MS = 100;

function main(): void {
  const port = parentPort;
  if (!port) return;
  const job = workerData as ShardJob;
  let last = 0;
  const post = (m: ShardMessage, transfer?: ArrayBuffer[]): void => {
    port.postMessage(m, transfer);
  };
  const r = simulateRange(
    job.scenario,
    { seed: job.seed, start: job.start, end: job.end },
    (done) => {
      const now = Date.now();
      if (now - last >= PROGRESS_EVERY_MS) {
        last = now;
        post({ type: 'progress', done });
      }
    },
  );
  if (r.ok) post({ type: 'done', batch: r.value }, transferables(r.value));
  else post({ type: 'error', errors: r.errors });
}

main();
