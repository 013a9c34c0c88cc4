import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { openSqliteRepository } from './db/open.js';
import { tempDir } from './testing/server.js';

const serverJs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/server.js');

describe('config', () => {
  it('has defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      listRecent: false,
    });
    expect(c.dataDir).toBe(path.resolve('./data'));
  });

  it('names every invalid variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT="eighty"/);
      expect((e as Error).message).toMatch(
        /DATABASE_URL="mysql:\/\/x": must be a postgres:\/\/ URL/,
      );
    }
  });

  it('HTTP limits: defaults, the per-address cap off behind a proxy, headers within the request timeout', () => {
    expect(loadConfig({}).http).toEqual({
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5_000,
      idleTimeoutMs: 10_000,
      maxConnections: undefined,
      maxConnectionsPerClient: 64,
      scenarioCacheBytes: 32 * 1024 * 1024,
    });
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.maxConnectionsPerClient).toBe(0);
    expect(
      loadConfig({ TRUST_PROXY: 'true', CROSSWIND_MAX_CONNECTIONS_PER_CLIENT: '500' }).http
        .maxConnectionsPerClient,
    ).toBe(500);
    expect(() =>
      loadConfig({ CROSSWIND_HEADERS_TIMEOUT_MS: '30000', CROSSWIND_REQUEST_TIMEOUT_MS: '20000' }),
    ).toThrow(/CROSSWIND_HEADERS_TIMEOUT_MS=30000: must not exceed CROSSWIND_REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ CROSSWIND_MAX_CONNECTIONS: '0' })).toThrow(
      /CROSSWIND_MAX_CONNECTIONS="0"/,
    );
  });

  it('the server exits 1 with a clear message on bad configuration or a data folder in use', async () => {
    expect(existsSync(serverJs), `${serverJs} is missing: build first`).toBe(true);
    const bad = spawnSync(process.execPath, [serverJs], {
      env: { ...process.env, PORT: '99999' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/Invalid configuration:\n\s+PORT="99999"/);

    const dir = tempDir('crosswind-inuse-');
    const holder = await openSqliteRepository(dir);
    try {
      const second = spawnSync(process.execPath, [serverJs], {
        env: { ...process.env, PORT: '0', CROSSWIND_DATA_DIR: dir },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/is in use by another Crosswind process/);
    } finally {
      await holder.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
