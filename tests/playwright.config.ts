import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the built app: `node apps/api/dist/server.js` serves the API and the
 * production build of apps/web on one origin, with a fresh embedded database in a temp folder.
 * Build first (`pnpm build` at the root). Chromium is Debian's (`apt-get install -y chromium`).
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

function freePort(): string {
  // Synchronous, so the port is fixed before workers start; workers inherit it via the env.
  return execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ])
    .toString()
    .trim();
}

process.env.CROSSWIND_E2E_PORT ??= process.env.CROSSWIND_E2E_BASE_URL ? '0' : freePort();
process.env.CROSSWIND_E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'crosswind-e2e-'));
const port = process.env.CROSSWIND_E2E_PORT;
const baseURL = process.env.CROSSWIND_E2E_BASE_URL ?? `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  outputDir: './test-results',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CROSSWIND_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
  ...(process.env.CROSSWIND_E2E_BASE_URL
    ? {}
    : {
        webServer: {
          command: 'node apps/api/dist/server.js',
          cwd: repoRoot,
          url: `${baseURL}/api/ready`,
          timeout: 120_000,
          reuseExistingServer: false,
          stdout: 'pipe',
          stderr: 'pipe',
          env: {
            PORT: port,
            HOST: '127.0.0.1',
            CROSSWIND_DATA_DIR: process.env.CROSSWIND_E2E_DATA_DIR,
            LOG_LEVEL: 'warn',
            NODE_ENV: 'production',
          },
        },
      }),
});
