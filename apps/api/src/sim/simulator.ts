import { ENGINE_VERSION, workUnits } from '@crosswind/engine';
import type { Scenario, SimulationResult } from '@crosswind/schema';
import { TRPCError } from '@trpc/server';
import type { ResultKey, ScenarioRepository } from '../db/repository.js';
import { badRequest, describeError, fieldError, prefixIssues, retryLater } from '../errors.js';
import { contentHash, newId } from '../ids.js';
import type { SimulationPool } from './pool.js';

/**
 * Runs simulations off the main thread with a work budget, a bounded queue, a time limit and
 * a result cache keyed by (scenario content hash, seed, runs, engine version).
 */

export interface SimulationRequest {
  scenario: Scenario;
  runs: number;
  seed: number | string;
  /** where the scenario sits in the request body, for error paths ("scenario" or "") */
  scenarioPath: string;
  /** where `runs` sits in the request body, for the budget error */
  runsPath: string;
}

export interface SimulationOutcome {
  result: SimulationResult;
  cached: boolean;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobError {
  code: string;
  message: string;
  path?: string;
}

export type JobEvent =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; result: SimulationResult }
  | { type: 'error'; error: JobError };

export interface JobState {
  id: string;
  status: JobStatus;
  done: number;
  total: number;
  result: SimulationResult | undefined;
  error: JobError | undefined;
}

export interface Simulator {
  readonly engineVersion: string;
  readonly threads: number;
  /** Throws a 4xx TRPCError when the request is over budget or the queue is full. */
  run(
    req: SimulationRequest,
    onProgress?: (done: number, total: number) => void,
  ): Promise<SimulationOutcome>;
  /** Starts a background job (same checks as `run`, thrown at once). */
  startJob(req: SimulationRequest): JobState;
  getJob(id: string): JobState | undefined;
  /** Calls `listener` with every later event of the job; returns an unsubscribe function. */
  subscribe(id: string, listener: (event: JobEvent) => void): () => void;
  stats(): { running: number; queued: number; jobs: number };
  close(): Promise<void>;
}

export interface SimulatorOptions {
  pool: SimulationPool;
  repo: ScenarioRepository;
  maxWorkUnits: number;
  concurrency: number;
  queueSize: number;
  timeoutMs: number;
  cacheEntries: number;
  /** told about failures that are not the request's fault (they reach clients as a bare 500) */
  onInternalError?: (error: unknown) => void;
}

/** Fewer runs than this per shard are not worth a thread hop. */
const MIN_RUNS_PER_SHARD = 64;
const JOB_TTL_MS = 10 * 60_000;
const STARTUP_GRACE_MS = 30_000;
const MAX_JOBS = 1000;

interface Job extends JobState {
  listeners: Set<(event: JobEvent) => void>;
  finishedAt: number | undefined;
}

export function createSimulator(opts: SimulatorOptions): Simulator {
  const { pool, repo } = opts;
  let running = 0;
  const waiting: Array<{ resolve: () => void }> = [];
  /** recent simulation durations, for Retry-After */
  let meanDurationMs = 2000;
  const inFlight = new Map<string, Promise<SimulationOutcome>>();
  const jobs = new Map<string, Job>();
  let savesSincePrune = 0;

  function retryAfterSeconds(): number {
    const ahead = running + waiting.length;
    return Math.min(
      120,
      Math.max(1, Math.ceil((meanDurationMs * (ahead / opts.concurrency)) / 1000)),
    );
  }

  /** Refuses at once when the queue is full; otherwise waits for a slot. */
  function reserveSlot(): Promise<void> {
    if (running < opts.concurrency) {
      running++;
      return Promise.resolve();
    }
    if (waiting.length >= opts.queueSize) {
      throw retryLater(
        'TOO_MANY_REQUESTS',
        `The simulator is busy (${running} running, ${waiting.length} waiting); retry later`,
        retryAfterSeconds(),
      );
    }
    return new Promise((resolve) => waiting.push({ resolve }));
  }

  function releaseSlot(): void {
    const next = waiting.shift();
    if (next === undefined) running--;
    else next.resolve();
  }

  function checkBudget(req: SimulationRequest): void {
    const units = workUnits(req.scenario, req.runs);
    if (units > opts.maxWorkUnits) {
      const perRun = units / req.runs;
      const maxRuns = Math.max(0, Math.floor(opts.maxWorkUnits / perRun));
      throw badRequest(
        req.runsPath,
        `${req.runs} runs of this scenario are ${units.toLocaleString('en-US')} work units ` +
          `(runs x months x offers x strategies), over the limit of ${opts.maxWorkUnits.toLocaleString('en-US')}; ` +
          `use at most ${maxRuns} runs`,
      );
    }
  }

  async function simulateNow(
    req: SimulationRequest,
    key: ResultKey,
    onProgress?: (done: number, total: number) => void,
  ) {
    await reserveSlot();
    const started = Date.now();
    const controller = new AbortController();
    const stop = (): void => controller.abort(new Error('simulation time limit'));
    // The limit counts from when the first shard starts computing; the grace period covers a
    // worker that is still loading (e.g. just replaced after a timeout).
    let timer = setTimeout(stop, opts.timeoutMs + STARTUP_GRACE_MS);
    const startClock = (): void => {
      clearTimeout(timer);
      timer = setTimeout(stop, opts.timeoutMs);
    };
    try {
      const shards = Math.max(1, Math.min(pool.threads, Math.floor(req.runs / MIN_RUNS_PER_SHARD)));
      let sharded;
      try {
        sharded = await pool.runShards(req.scenario, req.seed, req.runs, shards, {
          signal: controller.signal,
          onStart: startClock,
          onProgress: onProgress === undefined ? undefined : (done) => onProgress(done, req.runs),
        });
      } catch (e) {
        if (controller.signal.aborted) {
          throw badRequest(
            req.runsPath,
            `the simulation did not finish within ${Math.round(opts.timeoutMs / 1000)} s and was stopped; use fewer runs`,
          );
        }
        throw e;
      }
      if (!sharded.ok) {
        const issues =
          req.scenarioPath === '' ? sharded.errors : prefixIssues(req.scenarioPath, sharded.errors);
        throw fieldError('BAD_REQUEST', issues);
      }
      // Merged and summarized in a worker (it can take a few hundred ms); parsing the JSON here
      // also makes the first answer exactly what the cache will return.
      const json = await pool.summarize(req.scenario, sharded.batches);
      const result = JSON.parse(json) as SimulationResult;
      meanDurationMs = 0.8 * meanDurationMs + 0.2 * (Date.now() - started);
      if (opts.cacheEntries > 0) {
        // The cache is an optimisation: a failed write (full disk, database down) is logged and
        // the computed result returned all the same.
        try {
          await repo.putResult(key, json);
          if (++savesSincePrune >= 100) {
            savesSincePrune = 0;
            await repo.pruneResults(opts.cacheEntries);
          }
        } catch (e) {
          opts.onInternalError?.(e);
        }
      }
      return { result, cached: false };
    } finally {
      clearTimeout(timer);
      releaseSlot();
    }
  }

  function resultKey(req: SimulationRequest): ResultKey {
    return {
      contentHash: contentHash(req.scenario),
      seed: req.seed,
      runs: req.runs,
      engineVersion: ENGINE_VERSION,
    };
  }

  async function lookupOrRun(
    req: SimulationRequest,
    key: ResultKey,
    onProgress?: (done: number, total: number) => void,
  ) {
    if (opts.cacheEntries > 0) {
      const hit = await repo.getResult(key);
      if (hit !== undefined) return { result: JSON.parse(hit) as SimulationResult, cached: true };
    }
    return simulateNow(req, key, onProgress);
  }

  function run(
    req: SimulationRequest,
    onProgress?: (done: number, total: number) => void,
  ): Promise<SimulationOutcome> {
    checkBudget(req);
    const key = resultKey(req);
    const id = `${key.contentHash}|${JSON.stringify(key.seed)}|${key.runs}`;
    const existing = inFlight.get(id);
    if (existing !== undefined) return existing;
    const promise = lookupOrRun(req, key, onProgress).finally(() => inFlight.delete(id));
    inFlight.set(id, promise);
    return promise;
  }

  function evictJobs(): void {
    const now = Date.now();
    for (const [id, job] of jobs) {
      if (
        job.finishedAt !== undefined &&
        (now - job.finishedAt > JOB_TTL_MS || jobs.size > MAX_JOBS)
      )
        jobs.delete(id);
    }
  }

  function emit(job: Job, event: JobEvent): void {
    for (const l of job.listeners) l(event);
  }

  function toJobError(e: unknown): JobError {
    const error =
      e instanceof TRPCError ? e : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: e });
    if (error.code === 'INTERNAL_SERVER_ERROR') opts.onInternalError?.(error.cause ?? error);
    const detail = describeError(error);
    return {
      code: error.code,
      message: detail.message,
      ...(detail.path !== undefined ? { path: detail.path } : {}),
    };
  }

  return {
    engineVersion: ENGINE_VERSION,
    threads: pool.threads,
    run,
    startJob(req) {
      evictJobs();
      checkBudget(req);
      if (running >= opts.concurrency && waiting.length >= opts.queueSize) {
        throw retryLater(
          'TOO_MANY_REQUESTS',
          'The simulator is busy; retry later',
          retryAfterSeconds(),
        );
      }
      if (jobs.size >= MAX_JOBS)
        throw retryLater('SERVICE_UNAVAILABLE', 'Too many simulation jobs; retry later', 10);
      const job: Job = {
        id: newId(),
        status: 'queued',
        done: 0,
        total: req.runs,
        result: undefined,
        error: undefined,
        listeners: new Set(),
        finishedAt: undefined,
      };
      jobs.set(job.id, job);
      run(req, (done, total) => {
        job.status = 'running';
        job.done = done;
        emit(job, { type: 'progress', done, total });
      }).then(
        ({ result }) => {
          job.status = 'done';
          job.done = job.total;
          job.result = result;
          job.finishedAt = Date.now();
          emit(job, { type: 'result', result });
          job.listeners.clear();
        },
        (e: unknown) => {
          job.status = 'failed';
          job.error = toJobError(e);
          job.finishedAt = Date.now();
          emit(job, { type: 'error', error: job.error });
          job.listeners.clear();
        },
      );
      return snapshot(job);
    },
    getJob(id) {
      const job = jobs.get(id);
      return job === undefined ? undefined : snapshot(job);
    },
    subscribe(id, listener) {
      const job = jobs.get(id);
      if (job === undefined) return () => undefined;
      job.listeners.add(listener);
      return () => job.listeners.delete(listener);
    },
    stats: () => ({ running, queued: waiting.length, jobs: jobs.size }),
    close: () => pool.close(),
  };
}

function snapshot(job: Job): JobState {
  return {
    id: job.id,
    status: job.status,
    done: job.done,
    total: job.total,
    result: job.result,
    error: job.error,
  };
}
