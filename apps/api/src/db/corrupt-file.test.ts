import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newId } from '../ids.js';
import { request, startTestServer, tempDir } from '../testing/server.js';
import { openSqliteRepository, SQLITE_FILE } from './open.js';

/**
 * A damaged database file must stop the server, not start it silently empty (issue 10, point
 * 11): SQLite takes an empty file for a new database. The server exits with status 1, names the
 * file and what to do, and leaves the file exactly as it was. A file damaged while the server
 * runs makes /api/ready answer 503.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const serverJs = path.resolve(here, '../../dist/server.js');

function startServer(dataDir: string) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [serverJs], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      CROSSWIND_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    encoding: 'utf8',
    // A server that starts keeps running: it is killed here, and the test fails on its status.
    timeout: 15_000,
  });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout, ms: Date.now() - started };
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function expectRefused(dir: string, problem: RegExp): void {
  const file = path.join(dir, SQLITE_FILE);
  const before = { hash: digest(file), mtime: statSync(file).mtimeMs, entries: readdirSync(dir) };
  const r = startServer(dir);
  console.info(`refused in ${r.ms} ms: ${r.stderr.trim()}`);
  expect(r.status, r.stdout + r.stderr).toBe(1);
  expect(r.stderr).toContain(file);
  expect(r.stderr).toMatch(problem);
  expect(r.stderr).toMatch(/Restore it from a backup, or move it aside/);
  expect(digest(file)).toBe(before.hash);
  expect(statSync(file).mtimeMs).toBe(before.mtime);
  expect(readdirSync(dir)).toEqual(before.entries);
}

describe('a damaged database file', () => {
  it('an empty (0-byte) crosswind.sqlite: the server refuses to start and leaves it alone', () => {
    expect(existsSync(serverJs), `${serverJs} is missing: build first`).toBe(true);
    const dir = tempDir('crosswind-empty-');
    try {
      writeFileSync(path.join(dir, SQLITE_FILE), '');
      expectRefused(dir, /is empty \(0 bytes\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file that is not a database: the server refuses to start and leaves it alone', () => {
    const dir = tempDir('crosswind-garbage-');
    try {
      const garbage = Buffer.alloc(64 * 1024);
      for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 251;
      writeFileSync(path.join(dir, SQLITE_FILE), garbage);
      expectRefused(dir, /is not a SQLite database/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a database with damaged pages (fails quick_check): the server refuses to start', async () => {
    const dir = tempDir('crosswind-damaged-');
    try {
      const repo = await openSqliteRepository(dir);
      for (let i = 0; i < 300; i++) {
        await repo.insertScenario({
          id: newId(),
          name: `scenario ${i}`,
          scenarioJson: JSON.stringify({ i, pad: 'x'.repeat(500) }),
          contentHash: `h${i}`,
          schemaVersion: 1,
          engineVersion: 'test',
          createdAt: new Date().toISOString(),
          parentId: null,
        });
      }
      await repo.close();
      // Overwrite pages in the middle (the header on page 1 stays valid).
      const file = path.join(dir, SQLITE_FILE);
      const size = statSync(file).size;
      const fd = openSync(file, 'r+');
      writeSync(
        fd,
        Buffer.alloc(16 * 1024, 0x5a),
        0,
        16 * 1024,
        Math.floor(size / 2 / 4096) * 4096,
      );
      closeSync(fd);
      expectRefused(dir, /fails SQLite's integrity check|is damaged or is not a SQLite database/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a new data folder still starts: the database file is created whole, never left empty', async () => {
    const dir = tempDir('crosswind-new-');
    try {
      const repo = await openSqliteRepository(dir);
      await repo.close();
      expect(statSync(path.join(dir, SQLITE_FILE)).size).toBeGreaterThan(0);
      expect(readdirSync(dir).filter((f) => f.includes('.new'))).toEqual([]);
      // A creation killed half-way leaves only the temporary file, which the next start replaces.
      const again = tempDir('crosswind-new-');
      writeFileSync(path.join(again, `${SQLITE_FILE}.new`), '');
      const reopened = await openSqliteRepository(again);
      await reopened.ping();
      await reopened.close();
      expect(readdirSync(again).filter((f) => f.includes('.new'))).toEqual([]);
      rmSync(again, { recursive: true, force: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a database file damaged while the server runs', () => {
  it.each([
    ['truncated to 0 bytes', (file: string) => truncateSync(file, 0)],
    ['overwritten from the start', (file: string) => writeFileSync(file, 'x'.repeat(8192))],
    ['deleted', (file: string) => unlinkSync(file)],
  ])('%s: /api/ready answers 503 at once, naming no path', async (_what, damage) => {
    const dir = tempDir('crosswind-live-');
    const repo = await openSqliteRepository(dir);
    const server = await startTestServer({}, repo);
    try {
      expect((await request(`${server.url}/api/ready`)).status).toBe(200);
      damage(path.join(dir, SQLITE_FILE));
      const ready = await request(`${server.url}/api/ready`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).not.toBeNull();
      expect((ready.body as { message: string }).message).toBe(
        'not ready: the database file is damaged or missing; the operator must restore it from a backup',
      );
      expect(ready.text).not.toContain(dir);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
