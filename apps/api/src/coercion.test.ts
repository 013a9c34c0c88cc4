import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallScenario } from './testing/fixtures.js';
import { request, startTestServer, type TestServer } from './testing/server.js';

/**
 * trpc-to-openapi used to coerce the (shared) input schemas in place on every REST call, so
 * after one REST request tRPC accepted `runs: "100"` or `runs: true`. Our patch
 * (patches/trpc-to-openapi@3.3.0.patch) limits coercion to query strings.
 */
describe('REST calls do not loosen validation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CROSSWIND_LIST_RECENT: 'true' });
  });
  afterAll(async () => server.close());

  it('rejects string and boolean run counts over tRPC and REST, before and after a REST call', async () => {
    const trpc = (runs: unknown) =>
      request(`${server.url}/api/trpc/simulation.run`, {
        json: { scenario: smallScenario(), runs },
      });
    // Through the OpenAPI adapter (POST /v1/simulations has a route of its own that sends the
    // stored result text; it checks its input with the same procedure middleware).
    const rest = (runs: unknown) =>
      request(`${server.url}/api/v1/simulations/compare-strategies`, {
        json: { scenario: smallScenario(), runs },
      });
    const restRun = (runs: unknown) =>
      request(`${server.url}/api/v1/simulations`, { json: { scenario: smallScenario(), runs } });
    expect((await trpc('100')).status).toBe(400);
    expect((await rest(50)).status).toBe(200);
    for (const bad of ['100', true, [100]]) {
      expect((await trpc(bad)).status, `tRPC runs=${JSON.stringify(bad)}`).toBe(400);
      expect((await rest(bad)).status, `REST runs=${JSON.stringify(bad)}`).toBe(400);
      expect((await restRun(bad)).status, `REST run runs=${JSON.stringify(bad)}`).toBe(400);
    }
    // Query strings are still coerced where the API expects it.
    expect((await request(`${server.url}/api/v1/scenarios?limit=3`)).status).toBe(200);
  });
});
