import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isBuilt,
  spawnBuiltServer,
  type BuiltServer,
} from '../../apps/api/src/testing/built-server.js';
import { baseScenario } from './probes.js';

/**
 * Issue 10, the web's server-side reads, checked on the built server (`node
 * apps/api/dist/server.js` with its web UI):
 * - no page makes the server fetch an address taken from the request (`Host`,
 *   `X-Forwarded-Proto`): a decoy service on 127.0.0.1 must never hear from it;
 * - share-page renders read in-process, so they do not spend anyone's HTTP rate limit;
 * - nobody can list saved scenarios by default, and a share page shows only its own scenario;
 * - every page gets a fresh CSP nonce, and every script tag carries it.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const available = isBuilt() && existsSync(path.join(root, 'apps/web/.next/BUILD_ID'));

/** The built server with one simulation thread, in production mode; throws if it does not start. */
async function startBuiltServer(env: Record<string, string> = {}): Promise<BuiltServer> {
  const server = await spawnBuiltServer({
    CROSSWIND_SIM_THREADS: '1',
    NODE_ENV: 'production',
    ...env,
  });
  if (server.base === '') {
    server.close();
    throw new Error(
      `node apps/api/dist/server.js did not start:\n${server.output().slice(0, 600)}`,
    );
  }
  return server;
}

/** A service the server must never be made to call: it records requests and answers JSON. */
interface Decoy {
  port: number;
  received: string[];
  close(): Promise<void>;
}

async function startDecoy(): Promise<Decoy> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    received.push(`${req.method ?? ''} ${req.url ?? ''}`);
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        id: 'DECOYDECOYDECOYDECOY01',
        name: 'DECOY-INTERNAL-ADMIN-DATA',
        secret: 'DECOY-INTERNAL-ADMIN-DATA',
        scenario: { name: 'DECOY-INTERNAL-ADMIN-DATA' },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** GET with headers exactly as given: `Host` included, which fetch would not send as is. */
function rawGet(
  base: string,
  pathAndQuery: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: pathAndQuery,
        method: 'GET',
        setHost: false,
        headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function save(base: string, name: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario: { ...baseScenario(), name } }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

/** The suite needs the build; in CI a missing build is a failure, locally a note. */
function skipUnlessBuilt(): boolean {
  if (available) return false;
  if (process.env.CI === 'true')
    throw new Error('build the API and the web UI first (apps/api/dist, apps/web/.next)');
  console.log('ssrf: skipped, build first (apps/api/dist/server.js and apps/web/.next)');
  return true;
}

describe('pages read in-process, never from an address the request names', () => {
  let server: BuiltServer | undefined;
  let decoy: Decoy | undefined;
  beforeAll(async () => {
    if (!available) return;
    [server, decoy] = await Promise.all([startBuiltServer(), startDecoy()]);
  }, 40_000);
  afterAll(async () => {
    server?.close();
    await decoy?.close();
  });

  it('a Host or X-Forwarded-Proto pointing at another service makes no request to it', async () => {
    if (skipUnlessBuilt() || server === undefined || decoy === undefined) return;
    const name = 'Real saved scenario 7f3a';
    const id = await save(server.base, name);
    const hostile = [
      { host: `127.0.0.1:${decoy.port}/admin?x=`, 'x-forwarded-proto': 'http' },
      { host: `127.0.0.1:${decoy.port}`, 'x-forwarded-proto': 'http' },
      { host: `127.0.0.1:${decoy.port}/admin?x=`, 'x-forwarded-proto': 'http://127.0.0.1:1/#' },
      { host: 'localhost', 'x-forwarded-host': `127.0.0.1:${decoy.port}` },
    ];
    const problems: string[] = [];
    for (const headers of hostile) {
      const label = JSON.stringify(headers);
      const share = await rawGet(server.base, `/s/${id}`, headers);
      if (share.status !== 200) problems.push(`/s/{id} ${label}: status ${share.status}`);
      if (!share.body.includes(name))
        problems.push(`/s/{id} ${label}: the saved scenario's name is not on the page`);
      const editor = await rawGet(server.base, `/scenarios/new?fork=${id}`, headers);
      if (editor.status !== 200) problems.push(`/scenarios/new ${label}: status ${editor.status}`);
      for (const [page, body] of [
        ['/s/{id}', share.body],
        ['/scenarios/new', editor.body],
      ] as const) {
        if (body.includes('DECOY-INTERNAL-ADMIN-DATA'))
          problems.push(`${page} ${label}: shows the decoy's answer`);
        if (body.includes(`${decoy.port}`))
          problems.push(`${page} ${label}: reflects the Host header into the page`);
      }
    }
    expect(problems).toEqual([]);
    expect(decoy.received, 'requests the decoy service received').toEqual([]);
  });

  it('an unknown id is a 404 page, not an error', async () => {
    if (skipUnlessBuilt() || server === undefined) return;
    const res = await fetch(`${server.base}/s/AAAAAAAAAAAAAAAAAAAAAA`);
    await res.arrayBuffer();
    expect(res.status).toBe(404);
  });
});

describe('share pages do not spend the HTTP rate limit', () => {
  let server: BuiltServer | undefined;
  beforeAll(async () => {
    if (!available) return;
    server = await startBuiltServer({ CROSSWIND_RATE_LIMIT_PER_MINUTE: '30' });
  }, 40_000);
  afterAll(() => server?.close());

  it('60 share-page renders within a minute (limit 30 a minute): all 200, and the API still answers', async () => {
    if (skipUnlessBuilt() || server === undefined) return;
    const base = server.base;
    const id = await save(base, 'Rate limit probe');
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${base}/s/${id}`);
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const api = await fetch(`${base}/api/v1/scenarios/${id}`);
    expect(api.status, await api.text()).toBe(200);
  });
});

describe('saved scenarios are not listed', () => {
  let server: BuiltServer | undefined;
  beforeAll(async () => {
    if (!available) return;
    server = await startBuiltServer();
  }, 40_000);
  afterAll(() => server?.close());

  it('GET /api/v1/scenarios is 403 by default, with a message that says why', async () => {
    if (skipUnlessBuilt() || server === undefined) return;
    await save(server.base, 'Someone else entirely 91c2');
    for (const url of [
      '/api/v1/scenarios',
      `/api/trpc/scenario.listRecent?input=${encodeURIComponent('{}')}`,
    ]) {
      const res = await fetch(`${server.base}${url}`);
      const text = await res.text();
      expect(res.status, `${url}: ${text}`).toBe(403);
      expect(text).toMatch(/FORBIDDEN/);
      expect(text).toMatch(/CROSSWIND_LIST_RECENT/);
      expect(text).not.toContain('Someone else entirely 91c2');
    }
  });

  it("a share page shows its own scenario and not another one's name", async () => {
    if (skipUnlessBuilt() || server === undefined) return;
    const other = 'Other person private 5d1e';
    await save(server.base, other);
    const id = await save(server.base, 'Mine to share 2b8c');
    const res = await fetch(`${server.base}/s/${id}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('Mine to share 2b8c');
    expect(html).not.toContain(other);
  });
});

describe('Content-Security-Policy with a nonce on pages', () => {
  let server: BuiltServer | undefined;
  beforeAll(async () => {
    if (!available) return;
    server = await startBuiltServer();
  }, 40_000);
  afterAll(() => server?.close());

  const nonceOf = (csp: string): string | undefined =>
    /script-src[^;]*'nonce-([A-Za-z0-9+/=_-]+)'/.exec(csp)?.[1];

  it('every page answer has script-src with a fresh nonce, and every script tag carries it', async () => {
    if (skipUnlessBuilt() || server === undefined) return;
    const id = await save(server.base, 'CSP probe');
    const problems: string[] = [];
    const nonces: string[] = [];
    for (const p of [`/s/${id}`, `/s/${id}`, '/', '/scenarios/new', '/compare', '/nope']) {
      const res = await fetch(`${server.base}${p}`);
      const html = await res.text();
      const csp = res.headers.get('content-security-policy') ?? '';
      const nonce = nonceOf(csp);
      if (nonce === undefined) {
        problems.push(`${p}: no script-src nonce in ${JSON.stringify(csp)}`);
        continue;
      }
      nonces.push(nonce);
      for (const directive of [
        "'strict-dynamic'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
      ])
        if (!csp.includes(directive)) problems.push(`${p}: CSP lacks ${directive}`);
      if (/script-src[^;]*'unsafe-inline'/.test(csp))
        problems.push(`${p}: script-src allows inline`);
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      if (scripts.length === 0) problems.push(`${p}: no script tags at all`);
      for (const tag of scripts)
        if (!tag.includes(`nonce="${nonce}"`))
          problems.push(`${p}: script without the nonce: ${tag}`);
    }
    expect(problems).toEqual([]);
    expect(new Set(nonces).size, 'a new nonce for every request').toBe(nonces.length);
  });

  it('a client cannot choose the nonce by sending its own policy header', async () => {
    if (skipUnlessBuilt() || server === undefined) return;
    const id = await save(server.base, 'CSP header probe');
    for (const extra of [{}, { purpose: 'prefetch' }, { 'next-router-prefetch': '1' }]) {
      const res = await fetch(`${server.base}/s/${id}`, {
        headers: { 'content-security-policy': "script-src 'nonce-chosenbyclient'", ...extra },
      });
      const html = await res.text();
      expect(html).not.toContain('chosenbyclient');
      expect(res.headers.get('content-security-policy') ?? '').not.toContain('chosenbyclient');
    }
  });
});
