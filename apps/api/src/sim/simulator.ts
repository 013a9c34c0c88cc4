import { ENGINE_VERSION } from '@crosswind/engine';
import type { Scenario } from '@crosswind/schema';
import { TRPCError } from '@trpc/server';
import type { ResultKey, ScenarioRepository } from '../db/repository.js';
import { badRequest, describeError, fieldError, prefixIssues, retryLater } from '../errors.js';
import { contentHash, newId } from '../ids.js';
import { checkBudget, memoizedEstimator, type BudgetLimits } from './budget.js';
import { FairQueue, type Refusal } from './fair-queue.js';
import type { SimulationPool } from './pool.js';
import { createResultStore, resultId, type ResultStore } from './results.js';

/**
 * Runs simulations off the main thread. Every request is checked against the budget (compute,
 * memory, result size) before anything runs; identical requests share one computation; slots
 * are shared fairly between clients, each with its own caps; a computation nobody waits for any
 * more (its clients disconnected) is cancelled. Results go to a result store (the database's
 * cache and a small in-memory store); jobs only point at them.
 */

export interface SimulationRequest {
  scenario: Scenario;
  runs: number;
  seed: number | string;
  /** where the scenario sits in the request body, for error paths ("scenario" or "") */
  scenarioPath: string;
  /** where `runs` sits in the request body, for the budget error */
  runsPath: string;
  /** who asks: limits are per client */
  clientId: string;
  /** aborted when the client goes away: a computation nobody waits for is cancelled */
  signal?: AbortSignal | undefined;
}

export interface SimulationOutcome {
  /** the result's JSON (UTF-8), exactly as stored */
  json: Buffer;
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
  | { type: 'result'; json: Buffer }
  | { type: 'error'; error: JobError };

export interface JobState {
  id: string;
  status: JobStatus;
  done: number;
  total: number;
  error: JobError | undefined;
}

export interface Simulator {
  readonly engineVersion: string;
  readonly threads: number;
  /** Throws a 4xx TRPCError when the request is over budget or its client over its limits. */
  run(
    req: SimulationRequest,
    onProgress?: (done: number, total: number) => void,
  ): Promise<SimulationOutcome>;
  /** Starts a background job (same checks as `run`, thrown at once). */
  startJob(req: SimulationRequest): JobState;
  getJob(id: string): JobState | undefined;
  /** The result of a finished job (JSON text), if it is still stored. */
  jobResult(id: string): Promise<Buffer | undefined>;
  /** Calls `listener` with every later event of the job; returns an unsubscribe function. */
  subscribe(id: string, listener: (event: JobEvent) => void): () => void;
  stats(): { running: number; queued: number; jobs: number; clients: number };
  close(): Promise<void>;
}

export interface SimulatorOptions {
  pool: SimulationPool;
  repo: ScenarioRepository;
  limits: BudgetLimits;
  concurrency: number;
  queueSize: number;
  perClientRunning: number;
  perClientQueued: number;
  timeoutMs: number;
  /** whether results are kept in the database's result cache */
  cacheResults: boolean;
  /** keeps the database's result cache within its limits (called now and then after writes) */
  pruneCache?: () => Promise<void>;
  /** bytes of recent results kept in memory */
  resultMemoryBytes: number;
  /** told about failures that are not the request's fault (they reach clients as a bare 500) */
  onInternalError?: (error: unknown) => void;
}

/** Fewer runs than this per shard are not worth a thread hop. */
const MIN_RUNS_PER_SHARD = 64;
const STARTUP_GRACE_MS = 30_000;
/** Finished jobs are remembered (a few hundred bytes each: status and result key) this long. */
const JOB_TTL_MS = 60 * 60_000;
/** ...and at most this many of them (the oldest finished ones go first). */
const MAX_FINISHED_JOBS = 50_000;
/** Nanoseconds of wall time per work unit, until measured (the units are calibrated to ~1 ns of one core). */
const INITIAL_NS_PER_UNIT = 1;

interface Waiter {
  onProgress: ((done: number, total: number) => void) | undefined;
}

/** One computation, shared by every request and job that asked for the same result. */
interface Computation {
  id: string;
  key: ResultKey;
  client: string;
  total: number;
  done: number;
  started: boolean;
  /** estimated wall time, from the work units and the measured speed */
  estimatedMs: number;
  startedAt: number;
  waiters: Set<Waiter>;
  /** jobs keep a computation alive whoever disconnects */
  jobs: number;
  controller: AbortController;
  promise: Promise<Buffer>;
}

interface Job extends JobState {
  client: string;
  key: ResultKey;
  listeners: Set<(event: JobEvent) => void>;
  finishedAt: number | undefined;
}

export function createSimulator(opts: SimulatorOptions): Simulator {
  const { pool } = opts;
  const queue = new FairQueue(opts);
  const store: ResultStore = createResultStore({
    repo: opts.repo,
    persist: opts.cacheResults,
    memoryBytes: opts.resultMemoryBytes,
    onWriteError: (e) => opts.onInternalError?.(e),
    ...(opts.pruneCache !== undefined ? { prune: opts.pruneCache } : {}),
  });
  const computations = new Map<string, Computation>();
  const jobs = new Map<string, Job>();
  let nsPerUnit = INITIAL_NS_PER_UNIT;

  function shardsFor(runs: number): number {
    return Math.max(1, Math.min(pool.threads, Math.floor(runs / MIN_RUNS_PER_SHARD)));
  }

  /** Milliseconds until a computation finishes. */
  function remainingMs(c: Computation, now: number): number {
    if (!c.started) return c.estimatedMs;
    const elapsed = now - c.startedAt;
    // With progress: its own pace so far (the machine may be busier than usual).
    return c.done > 0
      ? (elapsed * (c.total - c.done)) / c.done
      : Math.max(c.estimatedMs - elapsed, elapsed);
  }

  /**
   * Seconds until a request of `client` would be taken: the next slot to free, plus one
   * computation of each client served before it in the rotation (for a client over its
   * waiting cap, one of its own must start first). Without a client: the next slot to free.
   */
  function retryAfterSeconds(client: string | undefined): number {
    const now = Date.now();
    let soonest = Infinity;
    for (const c of computations.values())
      if (c.started) soonest = Math.min(soonest, remainingMs(c, now));
    if (!Number.isFinite(soonest)) soonest = 0;
    let ahead = 0;
    if (client !== undefined) {
      for (const other of queue.ahead(client)) {
        let next = Infinity;
        for (const c of computations.values())
          if (!c.started && c.client === other) next = Math.min(next, c.estimatedMs);
        if (Number.isFinite(next)) ahead += next;
      }
    }
    const ms = soonest + ahead / opts.concurrency;
    // Rounded up, plus a second for the summary and the store.
    return Math.min(600, Math.max(1, Math.ceil(ms / 1000) + 1));
  }

  function refuse(client: string, refusal: Refusal): never {
    if (refusal.reason === 'client') {
      throw retryLater(
        'TOO_MANY_REQUESTS',
        `You have ${refusal.running} simulation${refusal.running === 1 ? '' : 's'} running and ${refusal.waiting} waiting, ` +
          `the most one client may have (${opts.perClientRunning} running, ${opts.perClientQueued} waiting); retry when one finishes`,
        retryAfterSeconds(client),
      );
    }
    throw retryLater(
      'SERVICE_UNAVAILABLE',
      `The simulator is busy (${refusal.running} running, ${refusal.waiting} waiting for all clients); retry later`,
      retryAfterSeconds(undefined),
    );
  }

  /** Cost estimates by scenario: a job start of a scenario seen before compiles nothing. */
  const estimates = memoizedEstimator();

  function resultKey(req: SimulationRequest): ResultKey {
    return {
      contentHash: contentHash(req.scenario),
      seed: req.seed,
      runs: req.runs,
      engineVersion: ENGINE_VERSION,
    };
  }

  /** Queues, runs, summarizes and stores one computation. Resolves to the result's JSON. */
  async function compute(req: SimulationRequest, c: Computation, units: number): Promise<Buffer> {
    const slot = queue.acquire(c.client);
    // Stored already (the database's cache)? Then the place in the queue goes back unused.
    const stored = await store.get(c.key);
    if (stored !== undefined) {
      if (!slot.cancel()) queue.release(c.client);
      return stored;
    }
    if (c.controller.signal.aborted) {
      if (!slot.cancel()) queue.release(c.client);
      throw cancelled();
    }
    const onAbort = (): void => {
      slot.cancel();
    };
    c.controller.signal.addEventListener('abort', onAbort, { once: true });
    await slot.granted;
    c.controller.signal.removeEventListener('abort', onAbort);
    if (c.controller.signal.aborted) {
      queue.release(c.client);
      throw cancelled();
    }
    c.started = true;
    c.startedAt = Date.now();
    c.estimatedMs = (units * nsPerUnit) / 1e6 / Math.min(pool.threads, shardsFor(req.runs));
    const stop = (): void => c.controller.abort(new Error('simulation time limit'));
    let timedOut = false;
    // The limit counts from when the first shard starts computing; the grace period covers a
    // worker that is still loading (e.g. just replaced after a timeout).
    let timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, opts.timeoutMs + STARTUP_GRACE_MS);
    const startClock = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, opts.timeoutMs);
    };
    try {
      let sharded;
      try {
        sharded = await pool.runShards(req.scenario, req.seed, req.runs, shardsFor(req.runs), {
          signal: c.controller.signal,
          onStart: startClock,
          onProgress: (done) => {
            c.done = done;
            for (const w of c.waiters) w.onProgress?.(done, c.total);
          },
        });
      } catch (e) {
        if (timedOut) {
          throw badRequest(
            req.runsPath,
            `the simulation did not finish within ${Math.round(opts.timeoutMs / 1000)} s and was stopped; use fewer runs`,
          );
        }
        if (c.controller.signal.aborted) throw cancelled();
        throw e;
      }
      if (!sharded.ok) {
        const issues =
          req.scenarioPath === '' ? sharded.errors : prefixIssues(req.scenarioPath, sharded.errors);
        throw fieldError('BAD_REQUEST', issues);
      }
      // Merged, summarized and serialized in a worker: the main thread only moves the text.
      const json = await pool.summarize(req.scenario, sharded.batches);
      const elapsed = Date.now() - c.startedAt;
      const measured = (elapsed * 1e6 * Math.min(pool.threads, shardsFor(req.runs))) / units;
      if (Number.isFinite(measured) && measured > 0) nsPerUnit = 0.8 * nsPerUnit + 0.2 * measured;
      await store.put(c.key, json);
      return json;
    } finally {
      clearTimeout(timer);
      queue.release(c.client);
    }
  }

  /**
   * The computation for `req`: an existing one for the same result, or a new one (after the
   * cache, the budget and the client's limits). Registers `waiter` on it.
   */
  function attach(
    req: SimulationRequest,
    key: ResultKey,
    waiter: Waiter,
    asJob: boolean,
  ): Computation {
    const id = resultId(key);
    const existing = computations.get(id);
    if (existing !== undefined) {
      existing.waiters.add(waiter);
      if (asJob) existing.jobs++;
      return existing;
    }
    const cost = checkBudget(req, opts.limits, shardsFor(req.runs), estimates(key.contentHash));
    const refusal = queue.refusal(req.clientId);
    if (refusal !== undefined) refuse(req.clientId, refusal);
    const c: Computation = {
      id,
      key,
      client: req.clientId,
      total: req.runs,
      done: 0,
      started: false,
      estimatedMs: (cost.workUnits * nsPerUnit) / 1e6,
      startedAt: 0,
      waiters: new Set([waiter]),
      jobs: asJob ? 1 : 0,
      controller: new AbortController(),
      promise: Promise.resolve(Buffer.alloc(0)),
    };
    computations.set(id, c);
    c.promise = compute(req, c, cost.workUnits).finally(() => computations.delete(id));
    // Nobody may be listening when it fails (all waiters gone): never an unhandled rejection.
    c.promise.catch(() => undefined);
    return c;
  }

  /** Leaves a computation; the last one to leave (with no job on it) cancels it. */
  function detach(c: Computation, waiter: Waiter): void {
    c.waiters.delete(waiter);
    if (c.waiters.size === 0 && c.jobs === 0 && computations.get(c.id) === c) {
      c.controller.abort(new Error('no client waits for this simulation'));
    }
  }

  async function run(
    req: SimulationRequest,
    onProgress?: (done: number, total: number) => void,
  ): Promise<SimulationOutcome> {
    if (req.signal?.aborted) throw cancelled();
    const key = resultKey(req);
    if (!computations.has(resultId(key))) {
      const hit = await store.get(key);
      if (hit !== undefined) return { json: hit, cached: true };
    }
    const waiter: Waiter = { onProgress };
    const c = attach(req, key, waiter, false);
    const onAbort = (): void => detach(c, waiter);
    req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return { json: await c.promise, cached: false };
    } finally {
      req.signal?.removeEventListener('abort', onAbort);
      c.waiters.delete(waiter);
    }
  }

  function evictJobs(): void {
    const now = Date.now();
    let finished = 0;
    for (const job of jobs.values()) if (job.finishedAt !== undefined) finished++;
    for (const [id, job] of jobs) {
      if (job.finishedAt === undefined) continue;
      if (now - job.finishedAt > JOB_TTL_MS || finished > MAX_FINISHED_JOBS) {
        jobs.delete(id);
        finished--;
      }
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

  function startJob(req: SimulationRequest): JobState {
    evictJobs();
    const key = resultKey(req);
    const job: Job = {
      id: newId(),
      client: req.clientId,
      key,
      status: 'queued',
      done: 0,
      total: req.runs,
      error: undefined,
      listeners: new Set(),
      finishedAt: undefined,
    };
    const finish = (json: Buffer): void => {
      job.status = 'done';
      job.done = job.total;
      job.finishedAt = Date.now();
      emit(job, { type: 'result', json });
      job.listeners.clear();
    };
    const fail = (e: unknown): void => {
      job.status = 'failed';
      job.error = toJobError(e);
      job.finishedAt = Date.now();
      emit(job, { type: 'error', error: job.error });
      job.listeners.clear();
    };
    const waiter: Waiter = {
      onProgress: (done, total) => {
        job.status = 'running';
        job.done = done;
        emit(job, { type: 'progress', done, total });
      },
    };
    const follow = (c: Computation): void => {
      job.done = c.done;
      if (c.started) job.status = 'running';
      c.promise.then(finish, fail).finally(() => c.waiters.delete(waiter));
    };
    const recent = store.peek(key);
    if (recent !== undefined) {
      // In memory: a job done at once, whatever the client's limits.
      finish(recent);
    } else {
      // `attach` joins a computation of the same result, or refuses a request over budget or
      // over the client's limits before a job exists. A new computation takes its place in
      // the queue at once (so that quick successive starts all count) and looks the
      // database's cache up first.
      follow(attach(req, key, waiter, true));
    }
    jobs.set(job.id, job);
    return snapshot(job);
  }

  return {
    engineVersion: ENGINE_VERSION,
    threads: pool.threads,
    run,
    startJob,
    getJob(id) {
      const job = jobs.get(id);
      return job === undefined ? undefined : snapshot(job);
    },
    async jobResult(id) {
      const job = jobs.get(id);
      if (job?.status !== 'done') return undefined;
      return store.get(job.key);
    },
    subscribe(id, listener) {
      const job = jobs.get(id);
      if (job === undefined) return () => undefined;
      job.listeners.add(listener);
      return () => job.listeners.delete(listener);
    },
    stats: () => {
      const s = queue.stats();
      return { running: s.running, queued: s.waiting, jobs: jobs.size, clients: s.clients };
    },
    async close() {
      for (const c of computations.values()) c.controller.abort(new Error('shutting down'));
      await pool.close();
    },
  };
}

function cancelled(): TRPCError {
  return new TRPCError({
    code: 'CLIENT_CLOSED_REQUEST',
    message: 'the simulation was cancelled: no client waits for it any more',
  });
}

function snapshot(job: Job): JobState {
  return { id: job.id, status: job.status, done: job.done, total: job.total, error: job.error };
}
