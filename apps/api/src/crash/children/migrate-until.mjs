// Crash-test child (migrations): opens the database exactly as the API does on start
// (openSqliteRepository / openPostgresRepository from dist, which run the migrations), but
// freezes just before the driver's Nth SQL statement and says so, so that the test can SIGKILL
// it at exactly that point. With N past the end it prints `done <statements>`.
//   node migrate-until.mjs sqlite <data dir> <N>
//   node migrate-until.mjs postgres <url> <schema> <N>
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openPostgresRepository, openSqliteRepository } from '../../../dist/db/open.js';
import { SqliteWorkerClient } from '../../../dist/db/sqlite-client.js';

const [kind, ...args] = process.argv.slice(2);
const stopAt = Number(args[args.length - 1]);
let statements = 0;

function count() {
  statements++;
  if (statements === stopAt) {
    process.stdout.write(`stopped ${statements}\n`);
    // Block this thread (and so the whole process) until the test kills it.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  }
}

/** Wraps a driver method so that every statement passes through `count` first. */
function intercept(proto, name) {
  const original = proto[name];
  proto[name] = function (...a) {
    count();
    return original.apply(this, a);
  };
}

let repo;
if (kind === 'sqlite') {
  // Every statement goes to SQLite's worker thread through SqliteWorkerClient.query (pragmas and
  // Kysely's queries alike); creating a new file runs better-sqlite3 here, via prepare or exec.
  // Freezing this thread before a post means the worker never sees that statement.
  intercept(SqliteWorkerClient.prototype, 'query');
  intercept(BetterSqlite3.prototype, 'prepare');
  intercept(BetterSqlite3.prototype, 'exec');
  repo = await openSqliteRepository(args[0]);
} else if (kind === 'postgres') {
  intercept(pg.Client.prototype, 'query');
  repo = await openPostgresRepository(args[0], { schema: args[1], maxConnections: 2 });
} else {
  throw new Error('usage: migrate-until.mjs sqlite <dir> <N> | postgres <url> <schema> <N>');
}
process.stdout.write(`done ${statements}\n`);
await repo.close();
