import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenarios.js';
import { tempDir } from '../testing/server.js';
import { openSqliteRepository, SQLITE_FILE } from './open.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.resolve(here, '../../dist/testing/crash-child.js');
const KILLS = 20;

/** Runs the child until it has acknowledged at least one save, then SIGKILLs it at a random moment. */
function runAndKill(dataDir: string, delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, 'sqlite', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (timer === undefined && out.startsWith('ready\n')) {
        timer = setTimeout(() => proc.kill('SIGKILL'), delayMs);
      }
    });
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited with ${code}: ${err}`));
      // Only complete lines are acknowledgements; a partial last line was never acknowledged.
      const lines = out.split('\n').slice(0, -1);
      resolve(lines.filter((l) => l !== 'ready'));
    });
  });
}

describe('crash safety', () => {
  it(`every acknowledged save survives ${KILLS} SIGKILLs and the database opens cleanly`, async () => {
    expect(existsSync(child), `${child} is missing: build first (npx -y pnpm@10 build)`).toBe(true);
    const dataDir = tempDir('crosswind-crash-');
    const acknowledged: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      acknowledged.push(...(await runAndKill(dataDir, 20 + Math.floor(Math.random() * 200))));
    }
    expect(acknowledged.length).toBeGreaterThan(KILLS);
    console.info(`crash test: ${acknowledged.length} acknowledged saves over ${KILLS} kills`);

    const db = new BetterSqlite3(path.join(dataDir, SQLITE_FILE));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    const repo = await openSqliteRepository(dataDir);
    try {
      for (const id of acknowledged) {
        const saved = await loadScenario(repo, id);
        expect(saved.id).toBe(id);
      }
    } finally {
      await repo.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
