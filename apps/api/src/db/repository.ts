import { sql, type Generated, type Kysely } from 'kysely';
import { toDatabaseError } from './errors.js';

/** Tables, as Kysely sees them. Times are ISO-8601 UTC strings so both databases sort them alike. */
export interface Database {
  scenarios: {
    id: string;
    name: string;
    scenario_json: string;
    content_hash: string;
    schema_version: number;
    engine_version: string;
    created_at: string;
    parent_id: string | null;
    /** insertion order, for a stable "recent" list when two saves share a millisecond */
    seq: Generated<number>;
  };
  results: {
    content_hash: string;
    seed: string;
    runs: number;
    engine_version: string;
    result_json: string;
    created_at: string;
  };
}

export interface ScenarioRecord {
  id: string;
  name: string;
  /** the scenario as saved (for old records: in its old schema version) */
  scenarioJson: string;
  contentHash: string;
  schemaVersion: number;
  engineVersion: string;
  createdAt: string;
  parentId: string | null;
}

export type ScenarioSummary = Omit<ScenarioRecord, 'scenarioJson'>;

export interface ResultKey {
  contentHash: string;
  seed: number | string;
  runs: number;
  engineVersion: string;
}

/** One interface over SQLite and PostgreSQL. Saved scenarios are never updated or deleted. */
export interface ScenarioRepository {
  readonly kind: 'sqlite' | 'postgres';
  insertScenario(record: ScenarioRecord): Promise<void>;
  getScenario(id: string): Promise<ScenarioRecord | undefined>;
  listRecent(limit: number): Promise<ScenarioSummary[]>;
  /** The scenarios saved as forks of `parentId`, newest first. */
  listForks(parentId: string, limit: number): Promise<ScenarioSummary[]>;
  getResult(key: ResultKey): Promise<string | undefined>;
  /**
   * Stores a result unless one is already there (the first one wins: results are deterministic),
   * then evicts the oldest results while the cache holds more than its byte cap
   * (`RepositoryOptions.resultCacheBytes`). A result larger than the whole cap is not stored.
   */
  putResult(key: ResultKey, resultJson: string): Promise<void>;
  /** Keeps the newest `keep` results (the entry cap; the byte cap is kept by `putResult`). */
  pruneResults(keep: number): Promise<void>;
  /** A cheap read of a real table: fails when the database is unreachable or damaged. */
  ping(): Promise<void>;
  /**
   * Why saves fail, when the database could not be written at start (e.g. a full disk), or
   * undefined when it can be written. Tries the write again, so it clears once space is freed.
   */
  readOnlyReason(): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface RepositoryOptions {
  /** most bytes of result JSON the result cache keeps; the oldest results go first */
  resultCacheBytes: number;
  /** Retry-After for a database that is down or does not answer in time */
  retryAfterSeconds: number;
  /** an extra check for `ping` (SQLite: the file on disk is still a database) */
  checkStorage?: () => Promise<void>;
  /** see `ScenarioRepository.readOnlyReason` (SQLite); undefined when writable from the start */
  readOnly?: { reason: string; retry: () => Promise<void> } | undefined;
}

/** Results are evicted down to this share of the byte cap, so that not every put evicts. */
const EVICT_TO = 0.9;

/** `123` and `"123"` are different seeds, so the key keeps the JSON form. */
export function seedKey(seed: number | string): string {
  return JSON.stringify(seed);
}

/**
 * Every method's driver errors become the typed errors of errors.ts (a client sees 503 + Retry-After
 * for a database that is down, a clear message for a full disk), never driver text.
 */
function guard(repo: ScenarioRepository, retryAfterSeconds: number): ScenarioRepository {
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>, onDiskFull?: string) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (e) {
        throw toDatabaseError(e, {
          retryAfterSeconds,
          ...(onDiskFull !== undefined ? { onDiskFull } : {}),
        });
      }
    };
  return {
    kind: repo.kind,
    insertScenario: wrap(
      (r: ScenarioRecord) => repo.insertScenario(r),
      'your scenario was not saved',
    ),
    getScenario: wrap((id: string) => repo.getScenario(id)),
    listRecent: wrap((limit: number) => repo.listRecent(limit)),
    listForks: wrap((parentId: string, limit: number) => repo.listForks(parentId, limit)),
    getResult: wrap((key: ResultKey) => repo.getResult(key)),
    putResult: wrap(
      (key: ResultKey, json: string) => repo.putResult(key, json),
      'the result was not cached',
    ),
    pruneResults: wrap((keep: number) => repo.pruneResults(keep)),
    ping: wrap(() => repo.ping()),
    readOnlyReason: () => repo.readOnlyReason(),
    close: () => repo.close(),
  };
}

export function createKyselyRepository(
  db: Kysely<Database>,
  kind: 'sqlite' | 'postgres',
  onClose: () => Promise<void>,
  opts: RepositoryOptions,
): ScenarioRepository {
  const toRecord = (row: Omit<Database['scenarios'], 'seq'>): ScenarioRecord => ({
    id: row.id,
    name: row.name,
    scenarioJson: row.scenario_json,
    contentHash: row.content_hash,
    schemaVersion: Number(row.schema_version),
    engineVersion: row.engine_version,
    createdAt: row.created_at,
    parentId: row.parent_id,
  });
  /** Saved scenarios without their bodies, for lists. */
  const selectSummaries = () =>
    db
      .selectFrom('scenarios')
      .select([
        'id',
        'name',
        'content_hash',
        'schema_version',
        'engine_version',
        'created_at',
        'parent_id',
      ]);
  const toSummary = (
    row: Omit<Database['scenarios'], 'seq' | 'scenario_json'>,
  ): ScenarioSummary => ({
    id: row.id,
    name: row.name,
    contentHash: row.content_hash,
    schemaVersion: Number(row.schema_version),
    engineVersion: row.engine_version,
    createdAt: row.created_at,
    parentId: row.parent_id,
  });
  const resultWhere = (key: ResultKey) =>
    db
      .selectFrom('results')
      .where('content_hash', '=', key.contentHash)
      .where('seed', '=', seedKey(key.seed))
      .where('runs', '=', key.runs)
      .where('engine_version', '=', key.engineVersion);

  /** bytes of result JSON in the cache, as last summed, plus what this process added since */
  let cachedBytes: number | undefined;
  let addedSinceSum = 0;
  const sumResultBytes = async (): Promise<number> => {
    const row = await db
      .selectFrom('results')
      .select(sql<string | number | null>`sum(octet_length(result_json))`.as('total'))
      .executeTakeFirst();
    addedSinceSum = 0;
    return Number(row?.total ?? 0);
  };
  /** Deletes the oldest results until at most `target` bytes are left. */
  const evictResults = async (target: number): Promise<void> => {
    const rows = await db
      .selectFrom('results')
      .select(['created_at', sql<number>`octet_length(result_json)`.as('bytes')])
      .orderBy('created_at', 'desc')
      .execute();
    let kept = 0;
    for (const row of rows) {
      kept += Number(row.bytes);
      if (kept > target) {
        await db.deleteFrom('results').where('created_at', '<=', row.created_at).execute();
        return;
      }
    }
  };
  let readOnly = opts.readOnly;

  const repo: ScenarioRepository = {
    kind,
    async insertScenario(r) {
      await db
        .insertInto('scenarios')
        .values({
          id: r.id,
          name: r.name,
          scenario_json: r.scenarioJson,
          content_hash: r.contentHash,
          schema_version: r.schemaVersion,
          engine_version: r.engineVersion,
          created_at: r.createdAt,
          parent_id: r.parentId,
        })
        .execute();
    },
    async getScenario(id) {
      const row = await db
        .selectFrom('scenarios')
        .select([
          'id',
          'name',
          'scenario_json',
          'content_hash',
          'schema_version',
          'engine_version',
          'created_at',
          'parent_id',
        ])
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },
    async listRecent(limit) {
      const rows = await selectSummaries().orderBy('seq', 'desc').limit(limit).execute();
      return rows.map(toSummary);
    },
    async listForks(parentId, limit) {
      // Served by the scenarios_parent_id index.
      const rows = await selectSummaries()
        .where('parent_id', '=', parentId)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toSummary);
    },
    async getResult(key) {
      const row = await resultWhere(key).select('result_json').executeTakeFirst();
      return row?.result_json;
    },
    async putResult(key, resultJson) {
      const bytes = Buffer.byteLength(resultJson);
      if (bytes > opts.resultCacheBytes) return;
      const inserted = await db
        .insertInto('results')
        .values({
          content_hash: key.contentHash,
          seed: seedKey(key.seed),
          runs: key.runs,
          engine_version: key.engineVersion,
          result_json: resultJson,
          created_at: new Date().toISOString(),
        })
        .onConflict((oc) =>
          oc.columns(['content_hash', 'seed', 'runs', 'engine_version']).doNothing(),
        )
        .executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows === 0n) return;
      cachedBytes ??= await sumResultBytes();
      cachedBytes += bytes;
      addedSinceSum += bytes;
      // Other processes (PostgreSQL) add results too: sum again at the cap, and every tenth of it.
      if (cachedBytes > opts.resultCacheBytes || addedSinceSum > opts.resultCacheBytes / 10) {
        cachedBytes = await sumResultBytes();
        if (cachedBytes > opts.resultCacheBytes) {
          await evictResults(Math.floor(opts.resultCacheBytes * EVICT_TO));
          cachedBytes = await sumResultBytes();
        }
      }
    },
    async pruneResults(keep) {
      const cutoff = await db
        .selectFrom('results')
        .select('created_at')
        .orderBy('created_at', 'desc')
        .offset(keep)
        .limit(1)
        .executeTakeFirst();
      if (cutoff !== undefined)
        await db.deleteFrom('results').where('created_at', '<=', cutoff.created_at).execute();
    },
    async ping() {
      await db.selectFrom('scenarios').select('id').limit(1).execute();
      await opts.checkStorage?.();
    },
    async readOnlyReason() {
      if (readOnly === undefined) return undefined;
      try {
        await readOnly.retry();
        readOnly = undefined;
      } catch {
        // still cannot write
      }
      return readOnly?.reason;
    },
    close: onClose,
  };
  return guard(repo, opts.retryAfterSeconds);
}
