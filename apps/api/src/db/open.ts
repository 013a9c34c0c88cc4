import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { checkSqliteFile, createSqliteFile, SqliteFileError } from './sqlite-file.js';
import { classifyDatabaseFault, DatabaseCorruptError, DiskFullError } from './errors.js';
import { migrateToLatest } from './migrations.js';
import { createResilientPool } from './pg-pool.js';
import {
  createKyselyRepository,
  type Database,
  type RepositoryOptions,
  type ScenarioRepository,
} from './repository.js';
import { SqliteWorkerClient } from './sqlite-client.js';
import { SqliteWorkerDialect } from './sqlite-dialect.js';

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

function isBusy(e: unknown): boolean {
  return (
    e instanceof Error && 'code' in e && (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED')
  );
}

/** Timeouts and limits of the database layer (config.ts reads them from the environment). */
export interface DatabaseOptions {
  /** PostgreSQL: longest wait for a connection */
  connectTimeoutMs: number;
  /** longest a statement may run (PostgreSQL) or a request may wait for SQLite's thread */
  statementTimeoutMs: number;
  /** most bytes of result JSON kept in the result cache */
  resultCacheBytes: number;
}

export const DEFAULT_DATABASE_OPTIONS: DatabaseOptions = {
  connectTimeoutMs: 3000,
  statementTimeoutMs: 5000,
  resultCacheBytes: 256 * 1024 * 1024,
};

/** What a client is told to wait after a 503 for a database that is down or too slow. */
function retryAfterSeconds(opts: DatabaseOptions): number {
  return Math.max(1, Math.ceil(Math.max(opts.connectTimeoutMs, opts.statementTimeoutMs) / 1000));
}

/** SQLite with a test hook: the worker's next query stalls, as on a frozen disk. */
export interface SqliteRepository extends ScenarioRepository {
  stallNextQueryForTesting(ms: number): Promise<void>;
  /** Test hook: caps the file at `pages` pages (PRAGMA max_page_count), as a full disk would. */
  limitPagesForTesting(pages: number | 'current'): Promise<void>;
}

const OWNER_WRITE =
  'INSERT OR REPLACE INTO crosswind_owner (singleton, pid, opened_at) VALUES (1, ?, ?)';

/**
 * Opens (creating on first start) the embedded database in `dataDir` and runs migrations.
 * SQLite runs in a worker thread (sqlite-worker.ts): a stalled disk holds that thread, never the
 * event loop. WAL with synchronous=FULL: a committed save survives a crash or power loss. The
 * connection runs in EXCLUSIVE locking mode and writes once at open, so it holds the file lock
 * for its whole life: a second process fails at once with `DataDirInUseError`, and the operating
 * system drops the lock when the process dies, so a killed server leaves no stale lock.
 *
 * A file that is empty, not a database or fails `PRAGMA quick_check` is refused
 * (`DatabaseCorruptError`) before anything is written to it. When the disk is full, the open
 * still succeeds if the schema is current: the repository reports why saves fail
 * (`readOnlyReason`) and reads keep working. The exclusive lock then comes with the first write
 * that succeeds, so until then a second process on the same folder is not refused.
 */
export async function openSqliteRepository(
  dataDir: string,
  options: Partial<DatabaseOptions> = {},
): Promise<SqliteRepository> {
  const opts = { ...DEFAULT_DATABASE_OPTIONS, ...options };
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SQLITE_FILE);
  try {
    if (!checkSqliteFile(file)) createSqliteFile(file);
  } catch (e) {
    if (e instanceof SqliteFileError) throw e;
    if (classifyDatabaseFault(e) === 'disk-full')
      throw new DiskFullError(
        `Cannot create the database ${file}: the disk is full. Free space and start again.`,
        60,
        { cause: e },
      );
    throw e;
  }
  const client = new SqliteWorkerClient(file);
  client.retryAfterSeconds = retryAfterSeconds(opts);
  const run = (statement: string, params: unknown[] = []) => client.query(statement, params);
  let readOnly: RepositoryOptions['readOnly'];
  try {
    await run('PRAGMA locking_mode = EXCLUSIVE');
    const check = (await run('PRAGMA quick_check')).rows as Array<{ quick_check: string }>;
    const verdict = check.map((r) => r.quick_check).join('; ');
    if (verdict !== 'ok')
      throw new SqliteFileError(file, `fails SQLite's integrity check (${verdict.slice(0, 200)})`);
    await run('PRAGMA journal_mode = WAL');
    await run('PRAGMA synchronous = FULL');
    await run('PRAGMA foreign_keys = ON');
    const writeOwner = async () => {
      await run(
        'CREATE TABLE IF NOT EXISTS crosswind_owner (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), pid INTEGER NOT NULL, opened_at TEXT NOT NULL)',
      );
      await run(OWNER_WRITE, [process.pid, new Date().toISOString()]);
    };
    try {
      await writeOwner();
    } catch (e) {
      if (classifyDatabaseFault(e) !== 'disk-full') throw e;
      readOnly = {
        reason: `the disk holding ${file} is full: saves fail until space is freed`,
        retry: writeOwner,
      };
    }
  } catch (e) {
    await client.close();
    if (isBusy(e)) throw new DataDirInUseError(dataDir);
    if (e instanceof SqliteFileError) throw e;
    if (classifyDatabaseFault(e) === 'corrupt')
      throw new SqliteFileError(
        file,
        `is damaged or is not a SQLite database (${e instanceof Error ? e.message : String(e)})`,
        { cause: e },
      );
    throw e;
  }
  const db = new Kysely<Database>({ dialect: new SqliteWorkerDialect(client) });
  try {
    await migrateToLatest(db, 'sqlite');
  } catch (e) {
    await db.destroy();
    if (readOnly !== undefined)
      throw new DiskFullError(
        `Cannot update the database schema in ${file}: the disk is full. Free space and start again.`,
        60,
        { cause: e },
      );
    throw e;
  }
  // From here on, requests wait at most the statement timeout for SQLite's thread.
  client.timeoutMs = opts.statementTimeoutMs;
  const repo = createKyselyRepository(db, 'sqlite', () => db.destroy(), {
    resultCacheBytes: opts.resultCacheBytes,
    retryAfterSeconds: retryAfterSeconds(opts),
    readOnly,
    async checkStorage() {
      const problem = await client.checkFile();
      if (problem !== undefined)
        throw new DatabaseCorruptError(
          'the database file is damaged or missing; the operator must restore it from a backup',
          { cause: new Error(`${file}: ${problem}`) },
        );
    },
  });
  return {
    ...repo,
    stallNextQueryForTesting: (ms) => client.stallNextQuery(ms),
    async limitPagesForTesting(pages) {
      const count =
        pages === 'current'
          ? Number(((await run('PRAGMA page_count')).rows[0] as { page_count: number }).page_count)
          : pages;
      await run(`PRAGMA max_page_count = ${Math.floor(count)}`);
    },
  };
}

export interface PostgresOptions extends Partial<DatabaseOptions> {
  /** a schema to use (created if missing) instead of the default search path; tests use one per run */
  schema?: string;
  maxConnections?: number;
  /** told when a connection is lost outside a query (default: a line on stderr) */
  onConnectionError?: (error: unknown) => void;
}

/**
 * Connects to PostgreSQL and runs migrations. The pool survives the server stopping, freezing
 * or restarting (pg-pool.ts); meanwhile operations fail within the timeouts with
 * `DatabaseUnavailableError`, and the pool reconnects by itself when the server is back.
 */
export async function openPostgresRepository(
  url: string,
  options: PostgresOptions = {},
): Promise<ScenarioRepository> {
  const opts = { ...DEFAULT_DATABASE_OPTIONS, ...options };
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`invalid schema name "${schema}"`);
  const poolOptions = {
    connectionString: url,
    connectTimeoutMs: opts.connectTimeoutMs,
    ...(schema !== undefined ? { searchPath: schema } : {}),
    ...(options.onConnectionError !== undefined
      ? { onConnectionError: options.onConnectionError }
      : {}),
  };
  // Migrations get a connection of their own without the statement timeout: a future one may
  // rebuild an index for longer than any request should wait.
  const migrator = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: createResilientPool({ ...poolOptions, max: 1, statementTimeoutMs: 0 }),
    }),
  });
  try {
    if (schema !== undefined)
      await sql`create schema if not exists ${sql.id(schema)}`.execute(migrator);
    await migrateToLatest(migrator, 'postgres');
  } finally {
    await migrator.destroy();
  }
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: createResilientPool({
        ...poolOptions,
        max: options.maxConnections ?? 10,
        statementTimeoutMs: opts.statementTimeoutMs,
      }),
    }),
  });
  return createKyselyRepository(db, 'postgres', () => db.destroy(), {
    resultCacheBytes: opts.resultCacheBytes,
    retryAfterSeconds: retryAfterSeconds(opts),
  });
}

export function openRepository(config: {
  dataDir: string;
  databaseUrl: string | undefined;
  database?: Partial<DatabaseOptions>;
  logLevel?: string;
}): Promise<ScenarioRepository> {
  return config.databaseUrl === undefined
    ? openSqliteRepository(config.dataDir, config.database)
    : openPostgresRepository(config.databaseUrl, {
        ...config.database,
        ...(config.logLevel === 'silent' ? { onConnectionError: () => undefined } : {}),
      });
}
