import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DatabaseUnavailableError } from './errors.js';
import type { WorkerRequest, WorkerResponse } from './sqlite-worker.js';

/**
 * The main thread's side of the SQLite worker thread (sqlite-worker.ts): posts SQL with its
 * parameters and resolves with the rows, so the event loop never waits on the disk.
 */

export interface WorkerQueryResult {
  rows: unknown[];
  changes: number | undefined;
  lastInsertRowid: number | bigint | undefined;
}

/** The worker's file: compiled JS, also when this module runs from TypeScript under vitest. */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts'))
    return path.resolve(path.dirname(here), '../../dist/db/sqlite-worker.js');
  return path.resolve(path.dirname(here), 'sqlite-worker.js');
}

/** A driver error re-made on this side, keeping SQLite's code (SQLITE_FULL, ...) for mapping. */
function driverError(e: { name: string; message: string; code: string | undefined }): Error {
  return Object.assign(new Error(e.message), { name: e.name, code: e.code });
}

interface Pending {
  resolve: (r: WorkerQueryResult) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout | undefined;
}

export class SqliteWorkerClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  /** set once the thread is gone: every later query fails with it */
  #dead: Error | undefined;
  /**
   * How long a query may take before the caller gets `DatabaseUnavailableError` (0: no limit).
   * The statement itself cannot be interrupted: it finishes in the worker and its answer is
   * dropped; later queries queue behind it and time out the same way until the disk answers.
   */
  timeoutMs = 0;
  retryAfterSeconds = 5;

  constructor(file: string) {
    this.#worker = new Worker(workerFile(), { workerData: { file }, execArgv: [] });
    // Idle, the thread must not keep the process alive (as the synchronous driver did not).
    this.#worker.unref();
    this.#worker.on('message', (res: WorkerResponse) => this.#settle(res));
    this.#worker.on('error', (e) => this.#die(e));
    this.#worker.on('exit', (code) => this.#die(new Error(`the SQLite worker exited (${code})`)));
  }

  #die(e: Error): void {
    this.#dead ??= e;
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new DatabaseUnavailableError(this.retryAfterSeconds, { cause: e }));
      this.#pending.delete(id);
    }
  }

  #settle(res: WorkerResponse): void {
    const p = this.#pending.get(res.id);
    if (p === undefined) return; // timed out: the caller already has its answer
    this.#pending.delete(res.id);
    clearTimeout(p.timer);
    if (this.#pending.size === 0) this.#worker.unref();
    if (res.ok)
      p.resolve({ rows: res.rows, changes: res.changes, lastInsertRowid: res.lastInsertRowid });
    else p.reject(driverError(res.error));
  }

  #send(req: WorkerRequest, timeoutMs: number): Promise<WorkerQueryResult> {
    if (this.#dead !== undefined)
      return Promise.reject(
        new DatabaseUnavailableError(this.retryAfterSeconds, { cause: this.#dead }),
      );
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              this.#pending.delete(req.id);
              if (this.#pending.size === 0) this.#worker.unref();
              reject(
                new DatabaseUnavailableError(this.retryAfterSeconds, {
                  cause: new Error(`SQLite did not answer within ${timeoutMs} ms`),
                }),
              );
            }, timeoutMs)
          : undefined;
      this.#pending.set(req.id, { resolve, reject, timer });
      this.#worker.ref();
      this.#worker.postMessage(req);
    });
  }

  query(sql: string, params: readonly unknown[] = []): Promise<WorkerQueryResult> {
    return this.#send({ id: this.#nextId++, op: 'query', sql, params }, this.timeoutMs);
  }

  /** What is wrong with the database file on disk (deleted, truncated, overwritten), if anything. */
  async checkFile(): Promise<string | undefined> {
    const r = await this.#send({ id: this.#nextId++, op: 'check-file' }, this.timeoutMs);
    return (r.rows[0] as { problem: string } | undefined)?.problem;
  }

  /** Test hook: the worker's next query first blocks its thread for `ms`, like a stalled disk. */
  async stallNextQuery(ms: number): Promise<void> {
    await this.#send({ id: this.#nextId++, op: 'stall', ms }, 0);
  }

  async close(): Promise<void> {
    if (this.#dead === undefined) {
      await this.#send({ id: this.#nextId++, op: 'close' }, 0).catch(() => undefined);
      await this.#worker.terminate();
    }
  }
}
