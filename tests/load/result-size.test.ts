import { readFileSync } from 'node:fs';
import http from 'node:http';
import {
  isBuilt,
  spawnBuiltServer,
  type BuiltServer,
} from '../../apps/api/src/testing/built-server.js';
import { stressCases } from '../../packages/engine/src/stress-scenarios.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 10, point 1: 100 job starts of the worst scenario the limits allow (the largest result:
 * 100 offers with long names, 12 strategies, 120 months, 200 outages a month per offer, as many
 * sample runs as the result limit takes), from four clients, keep the server's peak RSS under
 * 1 GB and /api/health under 100 ms, while every result is read back.
 */

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 'NaN');
  return kb / 1024;
}

function call(
  base: string,
  method: string,
  route: string,
  json?: unknown,
  from = '127.0.0.1',
): Promise<{ status: number; text: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const req = http.request(
      `${base}${route}`,
      {
        method,
        localAddress: from,
        agent: false,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - t0,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the largest result the limits allow, 100 times', () => {
  let server: BuiltServer | undefined;
  let base = '';
  const available = isBuilt();

  beforeAll(async () => {
    if (!available) return;
    server = await spawnBuiltServer({ CROSSWIND_RATE_LIMIT_PER_MINUTE: '100000' }, 60_000);
    base = server.base;
    if (base === '') throw new Error(`the server did not start:\n${server.output().slice(0, 800)}`);
  }, 70_000);

  afterAll(() => server?.close());

  it('keeps RSS under 1 GB and /api/health under 100 ms', async () => {
    if (!available) {
      expect(process.env.CI, 'build the API first (apps/api/dist/server.js)').not.toBe('true');
      return;
    }
    const [manyOffers] = stressCases();
    if (manyOffers === undefined) throw new Error('no stress case');
    // As many sample runs as the result limit allows (the most the limits allow).
    let scenario = manyOffers.scenario;
    let sampleRuns = scenario.simulation.sampleRuns;
    for (;;) {
      scenario = { ...scenario, simulation: { ...scenario.simulation, sampleRuns } };
      const probe = await call(base, 'POST', '/api/v1/simulations/jobs', { scenario, runs: 20 });
      if (probe.status === 200) break;
      expect(probe.text).toMatch(/sampleRuns/);
      sampleRuns--;
      expect(sampleRuns).toBeGreaterThan(0);
    }

    let healthMax = 0;
    let healthCount = 0;
    let stop = false;
    const health = (async () => {
      while (!stop) {
        const r = await call(base, 'GET', '/api/health', undefined, '127.0.0.9');
        healthMax = Math.max(healthMax, r.ms);
        healthCount++;
        await new Promise((res) => setTimeout(res, 25));
      }
    })();

    const clients = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];
    const jobs: Array<{ jobId: string; from: string }> = [];
    const refused: number[] = [];
    for (let i = 0; i < 100; i++) {
      const from = clients[i % clients.length] ?? '127.0.0.1';
      const r = await call(
        base,
        'POST',
        '/api/v1/simulations/jobs',
        {
          scenario,
          runs: 20,
          seed: i % 8,
        },
        from,
      );
      if (r.status === 200)
        jobs.push({ jobId: (JSON.parse(r.text) as { jobId: string }).jobId, from });
      else {
        expect(r.status, r.text.slice(0, 300)).toBe(429);
        refused.push(i);
      }
    }
    // Every accepted job finishes; its result is read back in full.
    let bytes = 0;
    for (const job of jobs) {
      for (;;) {
        const r = await call(
          base,
          'GET',
          `/api/v1/simulations/jobs/${job.jobId}`,
          undefined,
          job.from,
        );
        expect(r.status, r.text.slice(0, 300)).toBe(200);
        const state = JSON.parse(r.text) as { status: string };
        if (state.status === 'done') {
          bytes = Math.max(bytes, r.text.length);
          break;
        }
        expect(state.status).not.toBe('failed');
        await new Promise((res) => setTimeout(res, 100));
      }
    }
    stop = true;
    await health;
    const rss = peakRssMb(server?.child.pid ?? 0);
    console.log(
      `${jobs.length} jobs accepted, ${refused.length} refused with 429; result ${(bytes / 1e6).toFixed(1)} MB ` +
        `(sampleRuns ${sampleRuns}); peak RSS ${rss.toFixed(0)} MB; /api/health max ${healthMax.toFixed(1)} ms over ${healthCount} calls`,
    );
    expect(rss).toBeLessThan(1024);
    expect(healthMax).toBeLessThan(100);
  }, 300_000);
});
