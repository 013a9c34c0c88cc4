import { Worker } from 'node:worker_threads';
import type { EngineResult, RunBatch } from '@crosswind/engine';
import type { Scenario, SimulationResult } from '@crosswind/schema';
import type { ShardJob, ShardMessage } from './worker.js';

/**
 * Contiguous run ranges, one per thread, as even as possible: [0, a), [a, b), ..., [.., runs).
 * @example
 * shardRanges(10, 3); // [[0, 4], [4, 7], [7, 10]]
 */
export function shardRanges(runs: number, threads: number): [number, number][] {
  const k = Math.max(1, Math.min(threads, runs));
  const out: [number, number][] = [];
  for (let i = 0; i < k; i += 1) {
    out.push([Math.floor((i * runs) / k), Math.floor(((i + 1) * runs) / k)]);
  }
  return out;
}

function runShard(
  job: ShardJob,
  onProgress: (done: number) => void,
): Promise<EngineResult<RunBatch>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: job });
    let settled = false;
    worker.on('message', (m: ShardMessage) => {
      if (m.type === 'progress') onProgress(m.done);
      else if (m.type === 'done') {
        settled = true;
        resolve({ ok: true, value: m.batch });
      } else {
        settled = true;
        resolve({ ok: false, errors: m.errors });
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled)
        reject(
          new Error(
            `simulation worker for runs [${job.start}, ${job.end}) stopped with exit code ${code}`,
          ),
        );
    });
  });
}

/**
 * Simulates `runs` runs on `threads` threads, one contiguous shard each (`simulateRange`): the
 * others in worker threads, started before this thread loads the engine so that the engine
 * (about a second of mathjs start-up) loads everywhere at once, and the first shard here. Then it merges the shards and summarises them
 * (`mergeBatches` + `summarizeBatch`); the engine guarantees the result is bit-identical to
 * `simulate()` in one thread.
 * @example
 * const r = await simulateInThreads(scenario, { seed: 2026, runs: 10_000, threads: 2 });
 */
export async function simulateInThreads(
  scenario: Scenario,
  opts: {
    seed: number | string;
    runs: number;
    threads: number;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<EngineResult<SimulationResult>> {
  const ranges = shardRanges(opts.runs, opts.threads);
  const done = ranges.map(() => 0);
  const report = (): void =>
    opts.onProgress?.(
      done.reduce((a, b) => a + b, 0),
      opts.runs,
    );
  const inWorkers = ranges.slice(1).map(([start, end], j) =>
    runShard({ scenario, seed: opts.seed, start, end }, (d) => {
      done[j + 1] = d;
      report();
    }).then((r) => {
      done[j + 1] = end - start;
      report();
      return r;
    }),
  );
  const { mergeBatches, simulateRange, summarizeBatch } = await import('@crosswind/engine');
  const [start0, end0] = ranges[0] ?? [0, 0];
  const here = simulateRange(scenario, { seed: opts.seed, start: start0, end: end0 }, (d) => {
    done[0] = d;
    report();
  });
  const results = [here, ...(await Promise.all(inWorkers))];
  const batches: RunBatch[] = [];
  for (const r of results) {
    if (!r.ok) return r;
    batches.push(r.value);
  }
  return { ok: true, value: summarizeBatch(scenario, mergeBatches(batches)) };
}
