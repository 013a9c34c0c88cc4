import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { crosswindTransformer } from '@crosswind/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallScenario } from '../testing/fixtures.js';
import { request, startTestServer, type TestServer } from '../testing/server.js';
import type { AppRouter } from './root.js';

function client(server: TestServer) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${server.url}/api/trpc`, transformer: crosswindTransformer })],
  });
}

describe('scenario.forks: the lineage of a saved scenario', () => {
  let off: TestServer;
  let on: TestServer;
  beforeAll(async () => {
    off = await startTestServer();
    on = await startTestServer({ CROSSWIND_LIST_RECENT: 'true' });
  });
  afterAll(async () => {
    await Promise.all([off.close(), on.close()]);
  });

  it('lists nothing, for any id, while the server does not list saved scenarios', async () => {
    const trpc = client(off);
    const { id } = await trpc.scenario.save.mutate({ scenario: smallScenario() });
    await trpc.scenario.fork.mutate({ id, name: 'a fork' });
    expect(await trpc.scenario.forks.query({ id })).toEqual({ listed: false, forks: [] });
    expect(await trpc.scenario.forks.query({ id: 'unknown' })).toEqual({
      listed: false,
      forks: [],
    });
    const rest = await request(`${off.url}/api/v1/scenarios/${id}/forks`);
    expect(rest.body).toEqual({ listed: false, forks: [] });
  });

  it('lists the forks of one scenario, newest first, when the server lists', async () => {
    const trpc = client(on);
    const parent = await trpc.scenario.save.mutate({ scenario: smallScenario() });
    const other = await trpc.scenario.save.mutate({ scenario: smallScenario() });
    const first = await trpc.scenario.fork.mutate({ id: parent.id, name: 'first fork' });
    const second = await trpc.scenario.fork.mutate({ id: parent.id, name: 'second fork' });
    await trpc.scenario.fork.mutate({ id: other.id, name: 'fork of another' });
    // A fork of a fork is the child's, not the grandparent's.
    await trpc.scenario.fork.mutate({ id: first.id, name: 'grandchild' });

    const { listed, forks } = await trpc.scenario.forks.query({ id: parent.id });
    expect(listed).toBe(true);
    expect(forks.map((f) => [f.id, f.name, f.parentId, f.url])).toEqual([
      [second.id, 'second fork', parent.id, `/s/${second.id}`],
      [first.id, 'first fork', parent.id, `/s/${first.id}`],
    ]);
    expect((await trpc.scenario.forks.query({ id: parent.id, limit: 1 })).forks).toHaveLength(1);
    expect((await trpc.scenario.forks.query({ id: second.id })).forks).toEqual([]);

    const rest = await request(`${on.url}/api/v1/scenarios/${parent.id}/forks`);
    expect(rest.status).toBe(200);
    expect((rest.body as { forks: unknown[] }).forks).toHaveLength(2);
  });

  it('answers 404 with the field path for an unknown scenario', async () => {
    const trpc = client(on);
    const e: unknown = await trpc.scenario.forks
      .query({ id: 'AAAAAAAAAAAAAAAAAAAAAA' })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TRPCClientError);
    expect((e as TRPCClientError<AppRouter>).data?.code).toBe('NOT_FOUND');
    expect((e as TRPCClientError<AppRouter>).data?.path).toBe('id');
    const rest = await request(`${on.url}/api/v1/scenarios/nope/forks`);
    expect(rest.status).toBe(404);
    expect(rest.body).toMatchObject({ code: 'NOT_FOUND', path: 'id' });
  });
});
