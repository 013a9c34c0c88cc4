import { constants, setPriority } from 'node:os';
import type { MessagePort } from 'node:worker_threads';
import {
  mergeBatches,
  simulateRange,
  summarizeBatch,
  transferables,
  type EngineError,
  type RunBatch,
} from '@crosswind/engine';
import type { Scenario } from '@crosswind/schema';
import { move, transferableSymbol, valueSymbol } from 'piscina';

/** One shard: runs [start, end) of a simulation. Runs in a worker thread (compiled JS). */
export interface ShardTask {
  scenario: Scenario;
  seed: number | string;
  start: number;
  end: number;
  /** receives 0 when the shard starts, then the number of runs done so far in this shard */
  progress: MessagePort;
}

export type ShardResult = { ok: true; batch: RunBatch } | { ok: false; errors: EngineError[] };

/**
 * Simulations yield the CPU to the event loop: on Linux a thread's nice value is its own, and
 * `setPriority(0, …)` sets the calling thread's, so this lowers the simulation threads only.
 * With every core busy simulating, the main thread (health checks, cached reads, saves) is
 * still scheduled first. Elsewhere it may renice the whole process or be refused: harmless.
 */
if (process.platform === 'linux') {
  try {
    setPriority(0, constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // not allowed here: run at normal priority
  }
}

/** Progress messages at most every this many milliseconds per shard. */
const PROGRESS_INTERVAL_MS = 100;

export default function runShard(task: ShardTask): ShardResult | ReturnType<typeof move> {
  let last = 0;
  const port = task.progress;
  // 0 = started: the time limit counts from here, not from worker start-up.
  port.postMessage(0);
  const onProgress = (done: number): void => {
    const now = Date.now();
    if (now - last >= PROGRESS_INTERVAL_MS) {
      last = now;
      port.postMessage(done);
    }
  };
  const r = simulateRange(
    task.scenario,
    { seed: task.seed, start: task.start, end: task.end },
    onProgress,
  );
  port.postMessage(task.end - task.start);
  port.close();
  if (!r.ok) return { ok: false, errors: r.errors };
  const value: ShardResult = { ok: true, batch: r.value };
  return move({ [transferableSymbol]: transferables(r.value), [valueSymbol]: value });
}

/** Merging and summarizing the shards of one simulation: runs in a worker as well. */
export interface SummarizeTask {
  scenario: Scenario;
  batches: RunBatch[];
}

/**
 * Merges the shards exactly and returns the result as JSON text (UTF-8 bytes). Done here rather than on the
 * API's main thread: for 20,000 runs it takes 100-300 ms, which would stall every other request.
 */
export function summarize(task: SummarizeTask): ReturnType<typeof move> {
  const json = JSON.stringify(summarizeBatch(task.scenario, mergeBatches(task.batches)));
  // UTF-8 bytes in a buffer of their own, moved (not copied) to the main thread: the text
  // stays off the main thread's heap, whose garbage collector would otherwise stop the event
  // loop to sweep megabytes of strings.
  return move(new TextEncoder().encode(json));
}
