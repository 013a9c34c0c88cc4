import type { Generated, Kysely } from 'kysely';

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
  getResult(key: ResultKey): Promise<string | undefined>;
  /** Stores a result unless one is already there (the first one wins: results are deterministic). */
  putResult(key: ResultKey, resultJson: string): Promise<void>;
  /** Keeps the newest `keep` results. */
  pruneResults(keep: number): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** `123` and `"123"` are different seeds, so the key keeps the JSON form. */
export function seedKey(seed: number | string): string {
  return JSON.stringify(seed);
}

export function createKyselyRepository(
  db: Kysely<Database>,
  kind: 'sqlite' | 'postgres',
  onClose: () => Promise<void>,
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
  const resultWhere = (key: ResultKey) =>
    db
      .selectFrom('results')
      .where('content_hash', '=', key.contentHash)
      .where('seed', '=', seedKey(key.seed))
      .where('runs', '=', key.runs)
      .where('engine_version', '=', key.engineVersion);

  return {
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
      const rows = await db
        .selectFrom('scenarios')
        .select([
          'id',
          'name',
          'content_hash',
          'schema_version',
          'engine_version',
          'created_at',
          'parent_id',
        ])
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map(
        ({ id, name, content_hash, schema_version, engine_version, created_at, parent_id }) => ({
          id,
          name,
          contentHash: content_hash,
          schemaVersion: Number(schema_version),
          engineVersion: engine_version,
          createdAt: created_at,
          parentId: parent_id,
        }),
      );
    },
    async getResult(key) {
      const row = await resultWhere(key).select('result_json').executeTakeFirst();
      return row?.result_json;
    },
    async putResult(key, resultJson) {
      await db
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
        .execute();
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
    },
    close: onClose,
  };
}
