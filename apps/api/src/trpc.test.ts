import { randomBytes } from 'node:crypto';
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';
import { crosswindTransformer, JSON_TEXT_TAG, type SimulationResult } from '@crosswind/schema';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresRepository } from './db/open.js';
import type { ScenarioRepository } from './db/repository.js';
import type { AppRouter } from './router/root.js';
import { smallScenario } from './testing/fixtures.js';
import { request, startTestServer, type TestServer } from './testing/server.js';

const pgUrl = process.env.CROSSWIND_TEST_DATABASE_URL;

function client(server: TestServer) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${server.url}/api/trpc`, transformer: crosswindTransformer })],
  });
}

async function trpcError(p: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCClientError) return e as TRPCClientError<AppRouter>;
    throw e;
  }
  throw new Error('expected a tRPC error');
}

interface Backend {
  repo(): Promise<ScenarioRepository | undefined>;
  cleanup(): Promise<void>;
}
const sqlite: Backend = {
  repo: () => Promise.resolve(undefined),
  cleanup: () => Promise.resolve(),
};
const backends: Array<[string, Backend]> = [['sqlite', sqlite]];
if (pgUrl !== undefined && pgUrl !== '') {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  backends.push([
    'postgres',
    {
      repo: () => openPostgresRepository(pgUrl, { schema }),
      async cleanup() {
        const c = new pg.Client({ connectionString: pgUrl });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      },
    },
  ]);
}

describe.each(backends)('tRPC client (%s)', (kind, backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(
      { CROSSWIND_MAX_WORK_UNITS: '2000000000' },
      await backend.repo(),
    );
  });
  afterAll(async () => {
    try {
      await server.close();
    } finally {
      await backend.cleanup();
    }
  });

  it('save -> get -> simulate twice (identical, cached) -> fork', async () => {
    const trpc = client(server);
    const { id, url } = await trpc.scenario.save.mutate({ scenario: smallScenario() });
    expect(url).toBe(`/s/${id}`);
    const saved = await trpc.scenario.get.query({ id });
    expect(saved.scenario.world.offers.map((o) => o.id)).toEqual(['alpha', 'beta']);
    const a = await trpc.simulation.run.mutate({ scenarioId: id, runs: 150, seed: 'trpc' });
    const b = await trpc.simulation.run.mutate({ scenarioId: id, runs: 150, seed: 'trpc' });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.seed).toBe('trpc');
    const fork = await trpc.scenario.fork.mutate({ id, name: 'forked' });
    expect(fork.parentId).toBe(id);
    const ready = await trpc.health.ready.query();
    expect(ready.database).toBe(kind);
  });

  it('results reach the typed client as objects and travel as the stored text', async () => {
    const trpc = client(server);
    const body = { scenario: smallScenario(), runs: 120, seed: 'wire' };
    const typed = await trpc.simulation.run.mutate(body);
    const rest = await request(`${server.url}/api/v1/simulations`, { json: body });
    expect(rest.status).toBe(200);
    // The same result, key for key, as REST's stored text.
    expect(JSON.stringify(typed)).toBe(JSON.stringify(rest.body));
    expect(typed.strategies[0]?.totals.totalCostUsd.mean).toBeTypeOf('number');

    // On the wire: one tagged string holding the stored JSON, not an object re-serialized.
    const raw = await request(`${server.url}/api/trpc/simulation.run`, { json: body });
    const data = (raw.body as { result: { data: Record<string, unknown> } }).result.data;
    expect(Object.keys(data)).toEqual([JSON_TEXT_TAG]);
    const text = data[JSON_TEXT_TAG] as string;
    expect((JSON.parse(text) as SimulationResult).seed).toBe('wire');

    // A finished job carries its result the same way, in its `result` field.
    const job = await trpc.simulation.startJob.mutate(body);
    const done = await trpc.simulation.job.query({ jobId: job.jobId });
    expect(done.status).toBe('done');
    expect(JSON.stringify(done.result)).toBe(JSON.stringify(typed));
  });

  it('errors carry a code, a message and the field path', async () => {
    const trpc = client(server);
    const bad = smallScenario();
    const route = bad.strategies[0]?.routes[0];
    if (route) route.fallbacks = ['nope'];
    const e = await trpcError(trpc.scenario.save.mutate({ scenario: bad }));
    expect(e.data?.httpStatus).toBe(400);
    expect(e.data?.code).toBe('BAD_REQUEST');
    expect(e.data?.path).toBe('scenario.strategies[0].routes[0].fallbacks[0]');
    expect(e.message).toMatch(/unknown offer "nope"/);
    expect(JSON.stringify(e.shape)).not.toMatch(/stack/);

    const missing = await trpcError(trpc.scenario.get.query({ id: 'AAAAAAAAAAAAAAAAAAAAAA' }));
    expect(missing.data?.httpStatus).toBe(404);

    const budget = await trpcError(
      trpc.simulation.run.mutate({ scenario: smallScenario(), runs: 900_000 }),
    );
    expect(budget.data?.path).toBe('runs');
  });
});

describe('tRPC limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CROSSWIND_MAX_BATCH_SIZE: '4' });
  });
  afterAll(async () => server.close());

  it('rejects batches over the limit', async () => {
    const paths = Array.from({ length: 5 }, () => 'preset.list').join(',');
    const res = await request(
      `${server.url}/api/trpc/${paths}?batch=1&input=${encodeURIComponent('{}')}`,
    );
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/stack/);
    const ok = await request(
      `${server.url}/api/trpc/${Array.from({ length: 4 }, () => 'preset.list').join(',')}?batch=1&input=${encodeURIComponent('{}')}`,
    );
    expect(ok.status).toBe(200);
    const single = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${server.url}/api/trpc`, transformer: crosswindTransformer })],
    });
    expect((await single.preset.list.query()).presets.length).toBeGreaterThan(0);
  });
});
