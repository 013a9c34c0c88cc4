import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isBuilt,
  serverJs,
  spawnBuiltServer,
  type BuiltServer,
} from '../../apps/api/src/testing/built-server.js';
import { startHostileServer, type TestServer } from './harness.js';
import { baseScenario } from './probes.js';

/**
 * Issue 5, security basics checked from outside: security headers on API answers (success and
 * error alike) and on pages, and on share pages `/s/{id}` no referrer and no indexing.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webBuilt = existsSync(path.join(root, 'apps/web/.next/BUILD_ID'));

/** The headers every answer should carry, and the ones it must not. */
function headerProblems(url: string, res: Response): string[] {
  const h = res.headers;
  const problems: string[] = [];
  if (h.get('x-content-type-options') !== 'nosniff')
    problems.push('X-Content-Type-Options: nosniff missing');
  const csp = h.get('content-security-policy') ?? '';
  if (h.get('x-frame-options') === null && !/frame-ancestors/.test(csp))
    problems.push('no frame protection (X-Frame-Options or CSP frame-ancestors)');
  if (h.get('referrer-policy') === null) problems.push('Referrer-Policy missing');
  if (h.get('x-powered-by') !== null) problems.push(`X-Powered-By: ${h.get('x-powered-by') ?? ''}`);
  if (/\d/.test(h.get('server') ?? ''))
    problems.push(`Server header with a version: ${h.get('server') ?? ''}`);
  return problems.map((p) => `${url} (${res.status}): ${p}`);
}

describe('security headers on API answers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startHostileServer({ CROSSWIND_BODY_LIMIT_BYTES: '10000' });
  });
  afterAll(async () => server.close());

  it('every kind of answer carries them, errors included', async () => {
    const u = server.url;
    const json = { 'content-type': 'application/json' };
    const saved = await fetch(`${u}/api/v1/scenarios`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ scenario: baseScenario() }),
    });
    const requests: Array<[string, RequestInit?]> = [
      ['/api/health'],
      ['/api/ready'],
      ['/api/v1/presets'],
      ['/api/openapi.json'],
      ['/api/docs'],
      ['/api/trpc/preset.list'],
      ['/api/v1/scenarios/AAAAAAAAAAAAAAAAAAAAAA'],
      ['/api/v1/scenarios/x/y/z'],
      ['/api/nope'],
      ['/nope'],
      [`/api/v1/scenarios/${'a'.repeat(9000)}`],
      ['/api/v1/scenarios', { method: 'POST', headers: json, body: '{' }],
      [
        '/api/v1/scenarios',
        {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ scenario: { name: 'x'.repeat(20_000) } }),
        },
      ],
      [
        '/api/v1/scenarios',
        { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' },
      ],
      ['/api/trpc/scenario.save', { method: 'POST', headers: json, body: '{"scenario":1}' }],
    ];
    const problems: string[] = headerProblems('POST /api/v1/scenarios', saved);
    for (const [p, init] of requests) {
      const res = await fetch(`${u}${p}`, init);
      await res.arrayBuffer();
      problems.push(...headerProblems(`${init?.method ?? 'GET'} ${p.slice(0, 60)}`, res));
    }
    expect(problems).toEqual([]);
  });
});

describe('pages and share links (the built server with its web UI)', () => {
  let server: BuiltServer | undefined;
  let base = '';
  let startError = '';
  const available = isBuilt() && webBuilt;

  beforeAll(async () => {
    if (!available) return;
    server = await spawnBuiltServer({ CROSSWIND_SIM_THREADS: '1' });
    base = server.base;
    if (base === '') startError = server.output().slice(0, 600);
  }, 40_000);

  afterAll(() => server?.close());

  it('is available (built API and web UI)', () => {
    if (!available && process.env.CI !== 'true') {
      console.log('pages: skipped, build first (apps/api/dist/server.js and apps/web/.next)');
      return;
    }
    expect(available, 'build the API and the web UI first').toBe(true);
    expect(startError, `node apps/api/dist/server.js did not start:\n${startError}`).toBe('');
  });

  it('pages carry security headers; share pages send no referrer and are not indexed', async () => {
    if (!available || base === '') return;
    const saved = await fetch(`${base}/api/v1/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: baseScenario() }),
    });
    const { id } = (await saved.json()) as { id: string };
    const problems: string[] = [];
    const seen: string[] = [];
    for (const p of ['/', '/scenarios/new', `/s/${id}`, '/s/AAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await fetch(`${base}${p}`);
      const html = await res.text();
      problems.push(...headerProblems(`GET ${p}`, res));
      if (p.startsWith('/s/')) {
        if (res.headers.get('referrer-policy') !== 'no-referrer')
          problems.push(
            `GET ${p}: Referrer-Policy is ${String(res.headers.get('referrer-policy'))}, not no-referrer`,
          );
        const robotsHeader = /noindex/i.test(res.headers.get('x-robots-tag') ?? '');
        const robotsMeta = /<meta[^>]+name="robots"[^>]+noindex/i.test(html);
        if (!robotsHeader && !robotsMeta)
          problems.push(
            `GET ${p}: neither X-Robots-Tag: noindex nor <meta name="robots" content="noindex">`,
          );
      }
      if (/\/work\/|node_modules| {4}at /.test(html))
        problems.push(`GET ${p}: internals in the page`);
      seen.push(
        `${p} ${res.status}: referrer-policy=${String(res.headers.get('referrer-policy'))}, x-robots-tag=${String(res.headers.get('x-robots-tag'))}, ` +
          `x-frame-options=${String(res.headers.get('x-frame-options'))}, robots meta=${/<meta[^>]+name="robots"[^>]+noindex/i.test(html)}`,
      );
    }
    // Share links are public: hostile ids get a page or a 4xx, never a 5xx or internals.
    for (const id of [
      '..%2F..%2Fetc%2Fpasswd',
      '%ED%A0%80',
      '%27%3B%20DROP%20TABLE%20scenarios%3B--',
      'a'.repeat(3000),
      '%00',
      '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      '__proto__',
      'constructor',
      '%zz',
    ]) {
      const res = await fetch(`${base}/s/${id}`);
      const html = await res.text();
      if (res.status >= 500) problems.push(`GET /s/${id.slice(0, 40)}: ${res.status}`);
      if (/\/work\/|node_modules| {4}at /.test(html))
        problems.push(`GET /s/${id.slice(0, 40)}: internals in the page`);
      if (html.includes('<script>alert'))
        problems.push(`GET /s/${id.slice(0, 40)}: the id is reflected unescaped`);
    }
    console.info(`pages checked on the built server:\n  ${seen.join('\n  ')}`);
    expect(problems).toEqual([]);
  });
});

describe('no secrets in errors and logs', () => {
  const secret = 'hunter2SECRET';
  it.runIf(existsSync(serverJs))(
    'a database URL with a password never appears in what the server prints when it cannot start',
    () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'crosswind-secret-'));
      const leaks: string[] = [];
      try {
        for (const url of [
          `postgres://crosswind:${secret}@127.0.0.1:1/crosswind`, // nothing listens
          `mysql://crosswind:${secret}@127.0.0.1:1/crosswind`, // rejected by the configuration
          `postgresql://crosswind:${secret}@127.0.0.1:1/crosswind?sslmode=bogus`,
        ]) {
          const run = spawnSync(process.execPath, [serverJs], {
            env: {
              ...process.env,
              DATABASE_URL: url,
              PORT: '0',
              HOST: '127.0.0.1',
              CROSSWIND_DATA_DIR: dataDir,
              LOG_LEVEL: 'info',
            },
            encoding: 'utf8',
            timeout: 30_000,
          });
          expect(run.status, `${url}: ${run.stderr}`).toBe(1);
          const printed = `${run.stdout}${run.stderr}`;
          if (printed.includes(secret))
            leaks.push(`${url.replace(secret, '***')}: ${printed.trim().slice(0, 200)}`);
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
      expect(leaks).toEqual([]);
    },
    60_000,
  );
});
