import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { transferables, type EngineError, type RunBatch } from '@crosswind/engine';
import type { Scenario } from '@crosswind/schema';
import { Piscina } from 'piscina';
import type { ShardResult, ShardTask, SummarizeTask } from './worker.js';

/**
 * A pool of worker threads that simulate run ranges. Workers load the compiled CommonJS entry
 * (`dist/sim/entry.cjs`, which imports `worker.js`), also when this module runs from TypeScript
 * sources under vitest.
 */
export function defaultWorkerFile(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return path.resolve(path.dirname(here), '../../dist/sim/entry.cjs');
  return path.resolve(path.dirname(here), 'entry.cjs');
}

export interface ShardOptions {
  signal: AbortSignal | undefined;
  /** called once, when the first shard starts running in a worker */
  onStart: (() => void) | undefined;
  onProgress: ((done: number) => void) | undefined;
}

export type ShardsResult = { ok: true; batches: RunBatch[] } | { ok: false; errors: EngineError[] };

export interface SimulationPool {
  readonly threads: number;
  /** Simulates runs [0, runs) in `shards` contiguous ranges, in parallel. */
  runShards(
    scenario: Scenario,
    seed: number | string,
    runs: number,
    shards: number,
    opts: ShardOptions,
  ): Promise<ShardsResult>;
  /** Merges shards and summarizes them in a worker; resolves to the result's JSON (UTF-8). */
  summarize(scenario: Scenario, batches: RunBatch[]): Promise<Buffer>;
  close(): Promise<void>;
}

/** Splits [0, runs) into `shards` contiguous ranges whose sizes differ by at most one. */
export function splitRuns(runs: number, shards: number): Array<{ start: number; end: number }> {
  const n = Math.max(1, Math.min(shards, runs));
  const out: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < n; i++) {
    out.push({ start: Math.floor((runs * i) / n), end: Math.floor((runs * (i + 1)) / n) });
  }
  return out;
}

export function createSimulationPool(opts: {
  threads: number;
  workerFile?: string;
}): SimulationPool {
  const filename = opts.workerFile ?? defaultWorkerFile();
  if (!existsSync(filename)) {
    throw new Error(
      `simulation worker not found at ${filename}: build the API first (npx -y pnpm@10 build)`,
    );
  }
  const pool = new Piscina<ShardTask | SummarizeTask, ShardResult | Uint8Array>({
    filename,
    // Keep every worker started (each preloads the engine), also after a timeout terminated one.
    minThreads: opts.threads,
    maxThreads: opts.threads,
    idleTimeout: 60_000,
    // Workers run plain compiled JS: no loaders or flags of the parent (e.g. a test runner's).
    execArgv: [],
  });
  return {
    threads: opts.threads,
    async runShards(scenario, seed, runs, shards, { signal, onStart, onProgress }) {
      const ranges = splitRuns(runs, shards);
      const doneByShard = ranges.map(() => 0);
      const channels: MessageChannel[] = [];
      let started = false;
      try {
        const results = await Promise.all(
          ranges.map((range, i) => {
            const channel = new MessageChannel();
            channels.push(channel);
            channel.port1.on('message', (done: number) => {
              if (!started) {
                started = true;
                onStart?.();
              }
              doneByShard[i] = done;
              onProgress?.(doneByShard.reduce((a, b) => a + b, 0));
            });
            channel.port1.unref();
            const task: ShardTask = {
              scenario,
              seed,
              start: range.start,
              end: range.end,
              progress: channel.port2,
            };
            return pool.run(task, {
              signal: signal ?? null,
              transferList: [channel.port2],
            }) as Promise<ShardResult>;
          }),
        );
        const batches: RunBatch[] = [];
        for (const r of results) {
          if (!r.ok) return r;
          batches.push(r.batch);
        }
        return { ok: true, batches };
      } finally {
        for (const c of channels) c.port1.close();
      }
    },
    async summarize(scenario, batches) {
      const task: SummarizeTask = { scenario, batches };
      const json: unknown = await pool.run(task, {
        name: 'summarize',
        transferList: batches.flatMap((b) => transferables(b)),
      });
      if (!(json instanceof Uint8Array)) throw new Error('summarize: the worker returned no JSON');
      return Buffer.from(json.buffer, json.byteOffset, json.byteLength);
    },
    close: () => pool.destroy(),
  };
}
