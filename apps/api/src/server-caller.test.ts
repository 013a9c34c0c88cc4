import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SERVER_CALLER_KEY,
  WEB_RENDER_CLIENT_ID,
  currentRenderClient,
  publishServerCaller,
  unpublishServerCaller,
  withRenderClient,
  type ServerCallerFactory,
} from './server-caller.js';
import { request, startTestServer, type TestServer } from './testing/server.js';
import { smallScenario } from './testing/fixtures.js';

describe('the in-process caller for server-rendered pages', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    unpublishServerCaller();
    await server.close();
  });

  it('is published on globalThis under Symbol.for and reads saved scenarios without HTTP', async () => {
    publishServerCaller(server.runtime);
    const factory = (globalThis as Record<symbol, unknown>)[
      Symbol.for('crosswind.serverCaller')
    ] as ServerCallerFactory;
    expect(SERVER_CALLER_KEY).toBe(Symbol.for('crosswind.serverCaller'));
    const saved = await factory('test').scenario.save({ scenario: smallScenario() });
    const read = await factory().scenario.get({ id: saved.id });
    expect(read.id).toBe(saved.id);
  });

  it('names the render client by the socket address it was given, or web-render', async () => {
    const seen: string[] = [];
    await withRenderClient('203.0.113.7', async () => {
      await new Promise((r) => setTimeout(r, 1)); // survives awaits, as a render's do
      seen.push(currentRenderClient());
    });
    withRenderClient(undefined, () => seen.push(currentRenderClient()));
    seen.push(currentRenderClient());
    expect(seen).toEqual(['203.0.113.7', WEB_RENDER_CLIENT_ID, WEB_RENDER_CLIENT_ID]);
  });

  it('listing saved scenarios is off by default: 403 with a message that says why', async () => {
    const res = await request(`${server.url}/api/v1/scenarios`);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/CROSSWIND_LIST_RECENT.*share link/) as unknown,
    });
  });
});
