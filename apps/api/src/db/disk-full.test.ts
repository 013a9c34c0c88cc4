import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { smallScenario } from '../testing/fixtures.js';
import { request, startTestServer, tempDir } from '../testing/server.js';
import { openPostgresRepository, openSqliteRepository } from './open.js';
import type { ResultKey, ScenarioRepository } from './repository.js';

/**
 * A full disk (issue 10, point 7): saves fail with a clear 503 and nothing already saved is
 * lost, simulations still answer when their result cannot be cached, the result cache stays
 * under its byte cap, and the server starts on a full disk and says why saves fail.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const serverJs = path.resolve(here, '../../dist/server.js');
const pgUrl = process.env.CROSSWIND_TEST_DATABASE_URL;
const DISK_FULL = "the server's disk is full; your scenario was not saved. Retry later";
/** what a client must never see (tests/hostile/harness.ts has the full list) */
const DRIVER_TEXT = /SQLITE_|sqlite3?|disk image|database or disk is full|\bpg:|Kysely/i;

describe('saving on a full disk (SQLite, capped with max_page_count)', () => {
  it('saves answer 503 + Retry-After with a clear message, simulations still answer, nothing saved is lost', async () => {
    const dir = tempDir('crosswind-full-');
    const repo = await openSqliteRepository(dir);
    const server = await startTestServer({}, repo);
    try {
      const acknowledged: string[] = [];
      const save = () =>
        request(`${server.url}/api/v1/scenarios`, { json: { scenario: smallScenario() } });
      let contentHash = '';
      for (let i = 0; i < 5; i++) {
        const r = await save();
        expect(r.status).toBe(200);
        acknowledged.push((r.body as { id: string }).id);
        contentHash = (r.body as { contentHash: string }).contentHash;
      }
      await repo.limitPagesForTesting('current');
      // Free pages inside the file may take a few more saves; then the disk is "full".
      let refused;
      for (let i = 0; i < 200 && refused === undefined; i++) {
        const r = await save();
        if (r.status === 200) acknowledged.push((r.body as { id: string }).id);
        else refused = r;
      }
      expect(refused, 'no save failed with the page limit in place').toBeDefined();
      if (refused === undefined) return;
      console.info(`full disk: save answered ${refused.status}: ${refused.text}`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect((refused.body as { message: string }).message).toBe(DISK_FULL);
      expect(refused.text).not.toMatch(DRIVER_TEXT);

      // A simulation computes; its result cannot be cached, and it is returned all the same.
      const sim = await request(`${server.url}/api/v1/simulations`, {
        json: { scenario: smallScenario(), runs: 200, seed: 5 },
      });
      expect(sim.status, sim.text).toBe(200);
      const computed = sim.body as { runs: number; engineVersion: string; strategies: unknown[] };
      expect(computed.runs).toBe(200);
      expect(computed.strategies.length).toBeGreaterThan(0);
      const key = { contentHash, seed: 5, runs: 200, engineVersion: computed.engineVersion };
      expect(await repo.getResult(key), 'the result was cached on a full disk?').toBeUndefined();

      // Reads keep working; once there is room again, saves do too.
      for (const id of acknowledged)
        expect((await request(`${server.url}/api/v1/scenarios/${id}`)).status).toBe(200);
      await repo.limitPagesForTesting(1_000_000);
      expect((await save()).status).toBe(200);
      // The result computed on the full disk is still served, from the in-memory store.
      const again = await request(`${server.url}/api/v1/simulations`, {
        json: { scenario: smallScenario(), runs: 200, seed: 5 },
      });
      expect(again.text).toBe(sim.text);
      // With room again, a new result is cached (so the key above was the right one).
      const next = await request(`${server.url}/api/v1/simulations`, {
        json: { scenario: smallScenario(), runs: 200, seed: 6 },
      });
      expect(next.status, next.text).toBe(200);
      expect(JSON.parse((await repo.getResult({ ...key, seed: 6 })) ?? 'null')).toEqual(next.body);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const backends: Array<
  [string, () => Promise<{ repo: ScenarioRepository; drop(): Promise<void> }>]
> = [
  [
    'SQLite',
    async () => {
      const dir = tempDir('crosswind-cache-');
      const repo = await openSqliteRepository(dir, { resultCacheBytes: 10_000 });
      return { repo, drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
    },
  ],
];
if (pgUrl !== undefined && pgUrl !== '')
  backends.push([
    'PostgreSQL',
    async () => {
      const schema = `cache_${randomBytes(6).toString('hex')}`;
      const repo = await openPostgresRepository(pgUrl, {
        schema,
        maxConnections: 2,
        resultCacheBytes: 10_000,
      });
      return {
        repo,
        async drop() {
          const client = new pg.Client({ connectionString: pgUrl });
          await client.connect();
          await client.query(`drop schema if exists ${schema} cascade`);
          await client.end();
        },
      };
    },
  ]);

describe.each(backends)('the result cache byte cap (%s)', (_name, open) => {
  it('keeps at most the cap, evicting the oldest results first; a result over the cap is not kept', async () => {
    const { repo, drop } = await open();
    try {
      const key = (i: number): ResultKey => ({
        contentHash: `c${i}`,
        seed: 1,
        runs: 1,
        engineVersion: 'x',
      });
      const result = (i: number) => JSON.stringify({ i, pad: 'é'.repeat(450) }); // ~911 bytes
      for (let i = 0; i < 40; i++) {
        await repo.putResult(key(i), result(i));
        await new Promise((r) => setTimeout(r, 2));
      }
      const kept: number[] = [];
      for (let i = 0; i < 40; i++) if ((await repo.getResult(key(i))) !== undefined) kept.push(i);
      const bytes = kept.reduce((sum, i) => sum + Buffer.byteLength(result(i)), 0);
      console.info(`result cache, 10000-byte cap: kept ${kept.length} of 40 (${bytes} bytes)`);
      expect(bytes).toBeLessThanOrEqual(10_000);
      expect(kept.length).toBeGreaterThan(5);
      // The newest ones, contiguous: eviction is oldest first.
      expect(kept).toEqual(Array.from({ length: kept.length }, (_, j) => 40 - kept.length + j));
      await repo.putResult(key(99), JSON.stringify({ pad: 'x'.repeat(20_000) }));
      expect(await repo.getResult(key(99))).toBeUndefined();
      expect(await repo.getResult(key(39))).toBe(result(39));
    } finally {
      await repo.close();
      await drop();
    }
  });
});

/** A tmpfs needs root; CI runs as root, so there the test must run. */
function mountTmpfs(dir: string, size: string): boolean {
  mkdirSync(dir, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
}

function fillDisk(dir: string): void {
  const fd = openSync(path.join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  // Whatever space is left below a whole chunk, take it too.
  const fd2 = openSync(path.join(dir, 'filler2'), 'w');
  try {
    for (;;) writeSync(fd2, Buffer.alloc(512, 1));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd2);
  }
}

/** Mounting a tmpfs needs root; CI runs as root, so there the test must run. */
const isRoot = process.getuid?.() === 0;

describe('starting on a full disk', () => {
  it('runs as root when CI=true (to mount a small tmpfs)', () => {
    if (process.env.CI === 'true') expect(isRoot).toBe(true);
  });

  it.runIf(isRoot)(
    'the server starts, says why saves fail (startup line, /api/ready), serves reads, and recovers once space is freed',
    async () => {
      const mountPoint = tempDir('crosswind-tmpfs-');
      try {
        expect(mountTmpfs(mountPoint, '4m'), 'mount -t tmpfs failed').toBe(true);
        await startOnFullDisk(mountPoint);
      } finally {
        spawnSync('umount', ['-l', mountPoint]);
        rmSync(mountPoint, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

async function startOnFullDisk(mountPoint: string): Promise<void> {
  expect(existsSync(serverJs), `${serverJs} is missing: build first`).toBe(true);
  const dataDir = path.join(mountPoint, 'data');
  const repo = await openSqliteRepository(dataDir);
  const r0 = await startTestServer({}, repo);
  const saved = await request(`${r0.url}/api/v1/scenarios`, {
    json: { scenario: smallScenario() },
  });
  const id = (saved.body as { id: string }).id;
  await r0.app.close();
  await r0.runtime.close();
  fillDisk(mountPoint);

  const proc = spawn(process.execPath, [serverJs], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      CROSSWIND_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start: ${out} ${err}`)), 20_000);
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /running at (http:\/\/\S+)/.exec(out);
        if (m?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      proc.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    console.info(`started on a full disk: ${err.trim()}`);
    expect(err).toMatch(/saves are disabled: the disk holding .*crosswind\.sqlite is full/);

    const ready = await request(`${url}/api/ready`);
    expect(ready.status).toBe(503);
    expect((ready.body as { message: string }).message).toMatch(
      /^not ready: saves are disabled: the disk holding .* is full/,
    );
    expect(ready.headers.get('retry-after')).not.toBeNull();
    expect((await request(`${url}/api/v1/scenarios/${id}`)).status).toBe(200);
    const refused = await request(`${url}/api/v1/scenarios`, {
      json: { scenario: smallScenario() },
    });
    expect(refused.status).toBe(503);
    expect((refused.body as { message: string }).message).toBe(DISK_FULL);

    rmSync(path.join(mountPoint, 'filler'));
    rmSync(path.join(mountPoint, 'filler2'));
    const readyAgain = await request(`${url}/api/ready`);
    expect(readyAgain.status, readyAgain.text).toBe(200);
    const savedAgain = await request(`${url}/api/v1/scenarios`, {
      json: { scenario: smallScenario() },
    });
    expect(savedAgain.status).toBe(200);
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  }
}
