import { describe, expect, it } from 'vitest';
import { request, startTestServer } from '../testing/server.js';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter (a token bucket per client)', () => {
  it('Retry-After is exact: refused one second before it, admitted when it says', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ perMinute: 15, now: () => now });
    expect(limiter.take('a', 10)).toMatchObject({ ok: true, remaining: 5 });
    const refused = limiter.take('a', 10);
    // 5 calls left, 10 wanted: 5 more at one per 4 s.
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 20, remaining: 5 });
    now += 19_000;
    expect(limiter.take('a', 10).ok).toBe(false);
    now += 1_000;
    expect(limiter.take('a', 10)).toMatchObject({ ok: true, remaining: 0 });
    // Another client has its own allowance.
    expect(limiter.take('b', 15).ok).toBe(true);
  });

  it('never admits more than the allowance at once, and refills to it, no more', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 3, now: () => now });
    for (let i = 0; i < 3; i++) expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 20, remaining: 0 });
    now += 3_600_000;
    for (let i = 0; i < 3; i++) expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });

  it('a cost above the allowance can never be admitted', () => {
    const limiter = new RateLimiter({ perMinute: 5, now: () => 0 });
    expect(limiter.take('a', 6)).toEqual({ ok: false, retryAfterSeconds: undefined, remaining: 5 });
  });

  it('forgets clients whose allowance is full again, so memory follows recent clients', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 60, now: () => now });
    for (let i = 0; i < 10_001; i++) limiter.take(`client-${i}`);
    expect(limiter.size).toBeLessThanOrEqual(10_001);
    now += 60_000;
    limiter.take('late');
    for (let i = 0; i < 10_001; i++) limiter.take(`other-${i}`);
    // The first 10,001 refilled and were dropped at a sweep.
    expect(limiter.size).toBeLessThan(12_000);
  });
});

describe('rate limit over HTTP', () => {
  it('a tRPC batch counts each call: with 15 a minute, the second batch of 10 is refused', async () => {
    const server = await startTestServer({ CROSSWIND_RATE_LIMIT_PER_MINUTE: '15' });
    try {
      const batch = `${server.url}/api/trpc/${Array(10).fill('preset.list').join(',')}?batch=1`;
      const first = await request(batch);
      expect(first.status, first.text).toBe(200);
      expect(first.headers.get('x-ratelimit-remaining')).toBe('5');
      const second = await request(batch);
      expect(second.status, second.text).toBe(429);
      expect(second.body).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      expect((second.body as { message: string }).message).toMatch(/batch of 10 calls/);
      // 5 calls left, 10 wanted, one more every 4 s: 20 s (a few ms have passed: 19 or 20).
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(19);
      expect(Number(second.headers.get('retry-after'))).toBeLessThanOrEqual(20);
      // The 5 calls left are still there for single calls, on REST as on tRPC.
      for (let i = 0; i < 5; i++)
        expect((await request(`${server.url}/api/v1/presets`)).status).toBe(200);
      const over = await request(`${server.url}/api/v1/presets`);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(3);
      expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(4);
    } finally {
      await server.close();
    }
  });

  it('is keyed by the client address: X-Forwarded-For counts only with TRUST_PROXY', async () => {
    for (const trustProxy of ['false', 'true']) {
      const server = await startTestServer({
        CROSSWIND_RATE_LIMIT_PER_MINUTE: '2',
        TRUST_PROXY: trustProxy,
      });
      try {
        const statuses: number[] = [];
        for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
          statuses.push(
            (
              await request(`${server.url}/api/health`, {
                headers: { 'x-forwarded-for': client },
              })
            ).status,
          );
        // Directly exposed, the header is ignored: one client (the socket's address).
        expect(statuses, `TRUST_PROXY=${trustProxy}`).toEqual(
          trustProxy === 'true' ? [200, 200, 200] : [200, 200, 429],
        );
      } finally {
        await server.close();
      }
    }
  });

  it('a batch larger than the whole allowance is refused as such, not made to wait', async () => {
    const server = await startTestServer({ CROSSWIND_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const res = await request(
        `${server.url}/api/trpc/preset.list,preset.list,preset.list,preset.list?batch=1`,
      );
      expect(res.status, res.text).toBe(400);
      expect((res.body as { message: string }).message).toMatch(/at most 3 calls per batch/);
      expect((await request(`${server.url}/api/v1/presets`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
