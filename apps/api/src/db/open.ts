import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  sql,
  type DialectAdapter,
} from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrations.js';
import { createKyselyRepository, type Database, type ScenarioRepository } from './repository.js';

export const SQLITE_FILE = 'crosswind.sqlite';

/** Another process holds the data folder. */
export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `The data folder ${dataDir} is in use by another Crosswind process (SQLite is locked). ` +
        'Stop that process, or set CROSSWIND_DATA_DIR to another folder.',
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * SQLite's DDL is transactional, but Kysely's adapter says otherwise, so its Migrator would run
 * a migration statement by statement: a crash in the middle would leave half a schema. With
 * this adapter each migration and its bookkeeping row commit together or not at all.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class CrosswindSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

function isBusy(e: unknown): boolean {
  return (
    e instanceof Error && 'code' in e && (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED')
  );
}

/**
 * Opens (creating on first start) the embedded database in `dataDir` and runs migrations.
 * WAL with synchronous=FULL: a committed save survives a crash or power loss. The connection
 * runs in EXCLUSIVE locking mode and writes once at open, so it holds the file lock for its
 * whole life: a second process fails at once with `DataDirInUseError`, and the operating
 * system drops the lock when the process dies, so a killed server leaves no stale lock.
 */
export async function openSqliteRepository(dataDir: string): Promise<ScenarioRepository> {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SQLITE_FILE);
  const sqlite = new BetterSqlite3(file, { timeout: 0 });
  try {
    sqlite.pragma('locking_mode = EXCLUSIVE');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.exec(
      'CREATE TABLE IF NOT EXISTS crosswind_owner (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), pid INTEGER NOT NULL, opened_at TEXT NOT NULL)',
    );
    sqlite
      .prepare(
        'INSERT OR REPLACE INTO crosswind_owner (singleton, pid, opened_at) VALUES (1, ?, ?)',
      )
      .run(process.pid, new Date().toISOString());
  } catch (e) {
    sqlite.close();
    if (isBusy(e)) throw new DataDirInUseError(dataDir);
    throw e;
  }
  const db = new Kysely<Database>({ dialect: new CrosswindSqliteDialect({ database: sqlite }) });
  try {
    await migrateToLatest(db, 'sqlite');
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return createKyselyRepository(db, 'sqlite', () => db.destroy());
}

export interface PostgresOptions {
  /** a schema to use (created if missing) instead of the default search path; tests use one per run */
  schema?: string;
  maxConnections?: number;
}

/** Connects to PostgreSQL and runs migrations. */
export async function openPostgresRepository(
  url: string,
  opts: PostgresOptions = {},
): Promise<ScenarioRepository> {
  const schema = opts.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`invalid schema name "${schema}"`);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema !== undefined) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    await migrateToLatest(db, 'postgres');
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return createKyselyRepository(db, 'postgres', () => db.destroy());
}

export function openRepository(config: {
  dataDir: string;
  databaseUrl: string | undefined;
}): Promise<ScenarioRepository> {
  return config.databaseUrl === undefined
    ? openSqliteRepository(config.dataDir)
    : openPostgresRepository(config.databaseUrl);
}
