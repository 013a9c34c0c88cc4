import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { june2026 } from '@crosswind/presets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from './ids.js';
import { request, startTestServer, tempDir, type TestServer } from './testing/server.js';

/**
 * Determinism across the product's faces: the API (worker threads, shards merged exactly) and
 * the CLI (its own process and threads) give the same result for the same scenario, seed and
 * runs. Needs the built CLI (the root `test` script builds first).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const cliMain = path.resolve(here, '../../../packages/cli/dist/main.js');

describe('API and CLI agree', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CROSSWIND_SIM_THREADS: '2' });
  });
  afterAll(async () => server.close());

  it('returns the same result as `crosswind simulate` for June 2026, seed 31, 600 runs', async () => {
    expect(existsSync(cliMain), `build the CLI first: ${cliMain}`).toBe(true);
    const file = path.join(tempDir('crosswind-parity-'), 'june.json');
    writeFileSync(file, JSON.stringify(june2026));
    const cli = execFileSync(
      process.execPath,
      [cliMain, 'simulate', file, '--runs', '600', '--seed', '31', '--threads', '2'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const api = await request(`${server.url}/api/v1/simulations`, {
      json: { scenario: june2026, runs: 600, seed: 31 },
    });
    expect(api.status, api.text).toBe(200);
    // Same numbers, compared as canonical JSON: the API's output schema lists keys in schema
    // order, the CLI in the engine's order.
    expect(canonicalJson(api.body)).toBe(canonicalJson(JSON.parse(cli)));
  }, 120_000);
});
