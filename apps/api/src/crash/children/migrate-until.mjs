// Crash-test child (migrations): opens the database as the API does and runs the real
// migrations (dist/db/migrations.js), but freezes just before its Nth SQL statement and says
// so, so that the test can SIGKILL it at exactly that point. With N past the end it prints
// `done <statements>`.
//   node migrate-until.mjs sqlite <data dir> <N>
//   node migrate-until.mjs postgres <url> <schema> <N>
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../../../dist/db/migrations.js';
import { SQLITE_FILE } from '../../../dist/db/open.js';

const [kind, ...args] = process.argv.slice(2);
const stopAt = Number(args[args.length - 1]);
let statements = 0;
const freezer = {
  transformQuery({ node }) {
    statements++;
    if (statements === stopAt) {
      process.stdout.write(`stopped ${statements}\n`);
      // Block this thread (and so the whole process) until the test kills it.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    }
    return node;
  },
  async transformResult({ result }) {
    return result;
  },
};

let db;
if (kind === 'sqlite') {
  // The same pragmas as openSqliteRepository (apps/api/src/db/open.ts).
  const sqlite = new BetterSqlite3(path.join(args[0], SQLITE_FILE), { timeout: 0 });
  sqlite.pragma('locking_mode = EXCLUSIVE');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // CROSSWIND_TRY_TRANSACTIONAL_DDL=1 tries the fix proposed for open.ts: SQLite DDL is
  // transactional, so let Kysely's Migrator wrap each migration and its record in a transaction.
  class TransactionalSqliteAdapter extends SqliteAdapter {
    get supportsTransactionalDdl() {
      return true;
    }
  }
  class TransactionalSqliteDialect extends SqliteDialect {
    createAdapter() {
      return new TransactionalSqliteAdapter();
    }
  }
  const Dialect =
    process.env.CROSSWIND_TRY_TRANSACTIONAL_DDL === '1'
      ? TransactionalSqliteDialect
      : SqliteDialect;
  db = new Kysely({ dialect: new Dialect({ database: sqlite }), plugins: [freezer] });
} else if (kind === 'postgres') {
  const [url, schema] = args;
  const pool = new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${schema}` });
  const admin = new Kysely({ dialect: new PostgresDialect({ pool }) });
  await sql`create schema if not exists ${sql.id(schema)}`.execute(admin);
  db = admin.withPlugin(freezer);
} else {
  throw new Error('usage: migrate-until.mjs sqlite <dir> <N> | postgres <url> <schema> <N>');
}
await migrateToLatest(db, kind);
process.stdout.write(`done ${statements}\n`);
await db.destroy();
