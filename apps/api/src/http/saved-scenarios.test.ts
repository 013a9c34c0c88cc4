import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallScenario } from '../testing/fixtures.js';
import { request, startTestServer, type TestServer } from '../testing/server.js';
import { ByteLru } from '../byte-lru.js';
import { matches, type Entry } from './saved-scenarios.js';

describe('GET /api/v1/scenarios/{id}: an immutable resource', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer();
    const saved = await request(`${server.url}/api/v1/scenarios`, {
      json: { scenario: smallScenario(), name: 'etag' },
    });
    id = (saved.body as { id: string }).id;
  });
  afterAll(async () => server.close());

  it('has a strong ETag, a year-long immutable Cache-Control, and the same body every time', async () => {
    const first = await request(`${server.url}/api/v1/scenarios/${id}`);
    expect(first.status, first.text).toBe(200);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{16,}"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(first.body).toMatchObject({ id, name: 'etag', url: `/s/${id}` });
    const again = await request(`${server.url}/api/v1/scenarios/${id}`);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('content-type')).toMatch(/application\/json/);
    // The tRPC procedure answers the same record.
    const input = encodeURIComponent(JSON.stringify({ id }));
    const trpc = await request(`${server.url}/api/trpc/scenario.get?input=${input}`);
    expect((trpc.body as { result: { data: unknown } }).result.data).toEqual(first.body);
  });

  it('answers If-None-Match with 304 and no body', async () => {
    const etag = (await request(`${server.url}/api/v1/scenarios/${id}`)).headers.get('etag') ?? '';
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await fetch(`${server.url}/api/v1/scenarios/${id}`, {
        headers: { 'if-none-match': ifNoneMatch },
      });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(await res.text()).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('content-length')).toBeNull();
    }
    const stale = await request(`${server.url}/api/v1/scenarios/${id}`, {
      headers: { 'if-none-match': '"stale"' },
    });
    expect(stale.status).toBe(200);
  });

  it('a 304 also on the very first open by this process (a client that kept it from before)', async () => {
    const other = await startTestServer();
    try {
      const saved = await request(`${other.url}/api/v1/scenarios`, {
        json: { scenario: smallScenario() },
      });
      const otherId = (saved.body as { id: string }).id;
      const etag = (await request(`${other.url}/api/v1/scenarios/${otherId}`)).headers.get('etag');
      await other.app.close();
      // Same data folder, new process state: the cache is empty.
      const { buildApp } = await import('../app.js');
      const app = await buildApp(other.runtime);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const port = address !== null && typeof address === 'object' ? address.port : 0;
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/scenarios/${otherId}`, {
        headers: { 'if-none-match': etag ?? '' },
      });
      expect(res.status).toBe(304);
      expect(await res.text()).toBe('');
      await app.close();
    } finally {
      await other.close();
    }
  });

  it('with the cache off (CROSSWIND_SCENARIO_CACHE_BYTES=0) the answers and their ETag are the same', async () => {
    // A second app over the same runtime (the data folder is held by the first).
    const { buildApp } = await import('../app.js');
    const { testConfig } = await import('../config.js');
    const app = await buildApp({
      ...server.runtime,
      config: testConfig({ CROSSWIND_SCENARIO_CACHE_BYTES: '0' }),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${address !== null && typeof address === 'object' ? address.port : 0}`;
    try {
      const cached = await request(`${server.url}/api/v1/scenarios/${id}`);
      for (let i = 0; i < 2; i++) {
        const res = await request(`${base}/api/v1/scenarios/${id}`);
        expect(res.text).toBe(cached.text);
        expect(res.headers.get('etag')).toBe(cached.headers.get('etag'));
      }
      const revalidated = await fetch(`${base}/api/v1/scenarios/${id}`, {
        headers: { 'if-none-match': cached.headers.get('etag') ?? '' },
      });
      expect(revalidated.status).toBe(304);
    } finally {
      await app.close();
    }
  });

  it('unknown and malformed ids are errors in the usual shape, never cached as immutable', async () => {
    const unknown = await request(`${server.url}/api/v1/scenarios/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'NOT_FOUND', path: 'id' });
    expect(typeof (unknown.body as { message: unknown }).message).toBe('string');
    expect(unknown.headers.get('cache-control')).toBeNull();
    expect(unknown.headers.get('etag')).toBeNull();
    const malformed = await request(`${server.url}/api/v1/scenarios/not-an-id`);
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
    expect(malformed.headers.get('cache-control')).toBeNull();
  });
});

describe('ByteLru', () => {
  const entry = (bytes: number) => ({ body: Buffer.alloc(bytes), etag: '"x"' });

  it('keeps at most its bytes, dropping the least recently used first', () => {
    const lru = new ByteLru<Entry>(100, (e) => e.body.length);
    lru.set('a', entry(40));
    lru.set('b', entry(40));
    expect(lru.get('a')).toBeDefined(); // a is now the most recent
    lru.set('c', entry(40));
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBeDefined();
    expect(lru.get('c')).toBeDefined();
    expect(lru.totalBytes).toBe(80);
    lru.set('huge', entry(101));
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.size).toBe(2);
  });

  it('If-None-Match matching follows RFC 9110 (weak comparison, lists, *)', () => {
    expect(matches('"a"', '"a"')).toBe(true);
    expect(matches('W/"a"', '"a"')).toBe(true);
    expect(matches('"b" , "a"', '"a"')).toBe(true);
    expect(matches('*', '"a"')).toBe(true);
    expect(matches('"b"', '"a"')).toBe(false);
    expect(matches(undefined, '"a"')).toBe(false);
  });
});
