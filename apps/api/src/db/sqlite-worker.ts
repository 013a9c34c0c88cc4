import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_HEADER } from './sqlite-file.js';

/**
 * The thread that owns the SQLite connection. better-sqlite3 is synchronous: on the main thread
 * a stalled disk (a 10 s filesystem freeze) stopped every request, health checks included. Here
 * only this thread waits; the main thread posts SQL and awaits the rows (see sqlite-client.ts).
 * One connection, one statement at a time, in the order received: transactions (BEGIN ...
 * COMMIT from the driver) stay on the one connection as before.
 */

export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params: readonly unknown[] }
  /** test hook: the next query first blocks this thread for `ms` (a stalled disk) */
  | { id: number; op: 'stall'; ms: number }
  /** reads the file's header from disk (not SQLite's cache): rows [{ problem }] when it is bad */
  | { id: number; op: 'check-file' }
  | { id: number; op: 'close' };

export interface WorkerError {
  name: string;
  message: string;
  code: string | undefined;
}

export type WorkerResponse =
  | {
      id: number;
      ok: true;
      rows: unknown[];
      changes: number | undefined;
      lastInsertRowid: number | bigint | undefined;
    }
  | { id: number; ok: false; error: WorkerError };

const port = parentPort;
if (port === null) throw new Error('sqlite-worker.js must run in a worker thread');
const { file } = workerData as { file: string };

/** Prepared statements by SQL text: Kysely sends the same few queries again and again. */
const MAX_STATEMENTS = 200;
const statements = new Map<string, BetterSqlite3.Statement>();
let db: BetterSqlite3.Database | undefined;
let stallMs = 0;

function connection(): BetterSqlite3.Database {
  // timeout 0: a lock held by another process fails at once (SQLITE_BUSY), it is not waited for
  db ??= new BetterSqlite3(file, { timeout: 0 });
  return db;
}

function prepare(sql: string): BetterSqlite3.Statement {
  let stmt = statements.get(sql);
  if (stmt === undefined) {
    stmt = connection().prepare(sql);
    if (statements.size >= MAX_STATEMENTS) statements.clear();
    statements.set(sql, stmt);
  }
  return stmt;
}

/**
 * SQLite keeps pages it has read in memory and, holding the exclusive lock, never looks again: a
 * file truncated, overwritten or deleted under a running server goes unnoticed until a page
 * falls out of the cache (or the next start). Its first bytes, read from disk, tell at once.
 */
function checkFileOnDisk(): string | undefined {
  const head = Buffer.alloc(SQLITE_HEADER.length);
  try {
    const fd = openSync(file, 'r');
    try {
      const n = readSync(fd, head, 0, head.length, 0);
      if (n < head.length) return n === 0 ? 'it is empty' : 'it is truncated';
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'it was deleted' : `it cannot be read (${code ?? 'error'})`;
  }
  return head.equals(SQLITE_HEADER) ? undefined : 'its header was overwritten';
}

function toWorkerError(e: unknown): WorkerError {
  return {
    name: e instanceof Error ? e.name : 'Error',
    message: e instanceof Error ? e.message : String(e),
    code:
      typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string'
        ? e.code
        : undefined,
  };
}

function handle(req: WorkerRequest): WorkerResponse {
  const none = { rows: [], changes: undefined, lastInsertRowid: undefined };
  switch (req.op) {
    case 'stall':
      stallMs = req.ms;
      return { id: req.id, ok: true, ...none };
    case 'check-file': {
      const problem = checkFileOnDisk();
      return { id: req.id, ok: true, ...none, rows: problem === undefined ? [] : [{ problem }] };
    }
    case 'close':
      statements.clear();
      db?.close();
      db = undefined;
      return { id: req.id, ok: true, ...none };
    case 'query': {
      if (stallMs > 0) {
        const ms = stallMs;
        stallMs = 0;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      }
      const stmt = prepare(req.sql);
      if (stmt.reader) return { id: req.id, ok: true, ...none, rows: stmt.all(...req.params) };
      const info = stmt.run(...req.params);
      return {
        id: req.id,
        ok: true,
        rows: [],
        changes: info.changes,
        lastInsertRowid: info.lastInsertRowid,
      };
    }
  }
}

port.on('message', (req: WorkerRequest) => {
  let res: WorkerResponse;
  try {
    res = handle(req);
  } catch (e) {
    res = { id: req.id, ok: false, error: toWorkerError(e) };
  }
  port.postMessage(res);
  if (req.op === 'close') port.close();
});
