import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../ids.js';
import { tempDir } from '../testing/server.js';
import { DataDirInUseError, openPostgresRepository, openSqliteRepository } from './open.js';
import type { ScenarioRecord, ScenarioRepository } from './repository.js';

/**
 * One suite, run against SQLite always and against PostgreSQL when
 * CROSSWIND_TEST_DATABASE_URL is set (scripts/postgres.sh prints one). In CI it must be set:
 * the PostgreSQL half fails rather than silently skipping.
 */
const pgUrl = process.env.CROSSWIND_TEST_DATABASE_URL;
const inCi = process.env.CI === 'true';

interface Backend {
  open(): Promise<ScenarioRepository>;
  cleanup(): Promise<void>;
}

function sqliteBackend(): Backend {
  const dir = tempDir('crosswind-repo-');
  return {
    open: () => openSqliteRepository(dir),
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

function postgresBackend(url: string): Backend {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  return {
    open: () => openPostgresRepository(url, { schema, maxConnections: 4 }),
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

function record(overrides: Partial<ScenarioRecord> = {}): ScenarioRecord {
  return {
    id: newId(),
    name: 'A scenario',
    scenarioJson: JSON.stringify({ schemaVersion: 1, name: 'A scenario', note: 'ünïcode ✓' }),
    contentHash: randomBytes(32).toString('hex'),
    schemaVersion: 1,
    engineVersion: '0.1.0',
    createdAt: new Date().toISOString(),
    parentId: null,
    ...overrides,
  };
}

describe('PostgreSQL in CI', () => {
  it.runIf(inCi)('has CROSSWIND_TEST_DATABASE_URL (run scripts/postgres.sh)', () => {
    expect(
      pgUrl,
      'CI=true but CROSSWIND_TEST_DATABASE_URL is not set: the PostgreSQL repository tests cannot run',
    ).toBeTruthy();
  });
  it.skipIf(inCi || pgUrl !== undefined)(
    'PostgreSQL tests skipped locally: set CROSSWIND_TEST_DATABASE_URL="$(scripts/postgres.sh)"',
    () => undefined,
  );
});

const backends: Array<[string, () => Backend]> = [['sqlite', sqliteBackend]];
if (pgUrl !== undefined && pgUrl !== '') backends.push(['postgres', () => postgresBackend(pgUrl)]);

describe.each(backends)('%s repository', (kind, makeBackend) => {
  const backend = makeBackend();
  let repo: ScenarioRepository;
  afterAll(async () => {
    await repo.close();
    await backend.cleanup();
  });

  it('opens and migrates', async () => {
    repo = await backend.open();
    expect(repo.kind).toBe(kind);
    await repo.ping();
  });

  it('stores and reads scenarios byte for byte', async () => {
    const r = record();
    await repo.insertScenario(r);
    expect(await repo.getScenario(r.id)).toEqual(r);
    expect(await repo.getScenario(newId())).toBeUndefined();
  });

  it('records forks and refuses a second record with the same id', async () => {
    const parent = record();
    await repo.insertScenario(parent);
    const child = record({ parentId: parent.id });
    await repo.insertScenario(child);
    expect((await repo.getScenario(child.id))?.parentId).toBe(parent.id);
    await expect(repo.insertScenario({ ...parent, name: 'changed' })).rejects.toThrow();
    expect((await repo.getScenario(parent.id))?.name).toBe('A scenario');
  });

  it('lists recent saves newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = record({ name: `recent ${i}`, createdAt: '2026-01-01T00:00:00.000Z' });
      ids.push(r.id);
      await repo.insertScenario(r);
    }
    const recent = await repo.listRecent(3);
    expect(recent.map((r) => r.id)).toEqual(ids.slice(-3).reverse());
    expect(recent[0]).not.toHaveProperty('scenarioJson');
  });

  it('caches results by (content hash, seed, runs, engine version); the first stored wins', async () => {
    const key = { contentHash: 'h1', seed: 1, runs: 100, engineVersion: '0.1.0' };
    expect(await repo.getResult(key)).toBeUndefined();
    await repo.putResult(key, '{"a":1}');
    await repo.putResult(key, '{"a":2}');
    expect(await repo.getResult(key)).toBe('{"a":1}');
    expect(await repo.getResult({ ...key, seed: '1' })).toBeUndefined();
    expect(await repo.getResult({ ...key, runs: 101 })).toBeUndefined();
    expect(await repo.getResult({ ...key, engineVersion: '0.2.0' })).toBeUndefined();
    await repo.putResult({ ...key, seed: 'abc' }, '{"b":1}');
    expect(await repo.getResult({ ...key, seed: 'abc' })).toBe('{"b":1}');
  });

  it('prunes old results', async () => {
    for (let i = 0; i < 5; i++) {
      await repo.putResult({ contentHash: `p${i}`, seed: 1, runs: 1, engineVersion: 'x' }, `${i}`);
      await new Promise((r) => setTimeout(r, 3));
    }
    await repo.pruneResults(2);
    expect(await repo.getResult({ contentHash: 'p4', seed: 1, runs: 1, engineVersion: 'x' })).toBe(
      '4',
    );
    expect(
      await repo.getResult({ contentHash: 'p0', seed: 1, runs: 1, engineVersion: 'x' }),
    ).toBeUndefined();
  });

  it('keeps data across a reopen (migrations run once)', async () => {
    const r = record();
    await repo.insertScenario(r);
    await repo.close();
    repo = await backend.open();
    expect(await repo.getScenario(r.id)).toEqual(r);
  });
});

describe('SQLite single writer', () => {
  it('a second open of the same data folder fails at once with a clear message', async () => {
    const dir = tempDir('crosswind-lock-');
    const first = await openSqliteRepository(dir);
    try {
      const started = Date.now();
      const second = openSqliteRepository(dir);
      await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
      await expect(second).rejects.toThrow(/in use by another Crosswind process/);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await first.close();
    }
    const again = await openSqliteRepository(dir);
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
