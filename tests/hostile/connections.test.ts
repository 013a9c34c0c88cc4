import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isBuilt,
  serverJs,
  spawnBuiltServer,
  type BuiltServer,
} from '../../apps/api/src/testing/built-server.js';
import { smallScenario } from '../../apps/api/src/testing/fixtures.js';
import { june2026 } from '../../packages/presets/src/index.js';
import { check, startHostileServer, type TestServer } from './harness.js';

/**
 * Issue 10, point 9 and 11: one client cannot take all the server's connections, slow or idle
 * sockets are closed quickly (but a long request in flight is not cut), a shutdown ends promptly
 * and cleanly, and multipart bodies get a clean 415.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Probe {
  socket: net.Socket;
  closedAt: number | undefined;
  received: string;
}

/** A raw socket that records what it receives and when it is closed. */
function open(port: number, localAddress = '127.0.0.1'): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    const probe: Probe = { socket, closedAt: undefined, received: '' };
    socket.on('data', (d: Buffer) => (probe.received += d.toString('latin1')));
    socket.on('close', () => (probe.closedAt ??= performance.now()));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve(probe));
    socket.once('error', reject);
  });
}

/** GET over a fresh connection from `localAddress`. */
function getFrom(url: string, localAddress: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { localAddress, agent: false }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (!condition() && performance.now() < until) await sleep(20);
}

describe('connection limits and timeouts', () => {
  let server: TestServer;
  let port: number;
  beforeAll(async () => {
    server = await startHostileServer({
      CROSSWIND_MAX_CONNECTIONS_PER_CLIENT: '50',
      CROSSWIND_HEADERS_TIMEOUT_MS: '2000',
      CROSSWIND_KEEP_ALIVE_TIMEOUT_MS: '1000',
      CROSSWIND_IDLE_TIMEOUT_MS: '1500',
      CROSSWIND_MAX_WORK_UNITS: '100000000000',
      CROSSWIND_MAX_SIM_MEMORY_MB: '2000',
    });
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => server.close());

  it('200 idle sockets from one address: the 150 over its cap are closed at once with a 503, another address is served', async () => {
    const started = performance.now();
    const probes: Probe[] = [];
    for (let i = 0; i < 200; i++) probes.push(await open(port));
    await waitFor(() => probes.filter((p) => p.closedAt !== undefined).length >= 150, 2000);
    const closed = probes.filter((p) => p.closedAt !== undefined);
    expect(closed.length).toBe(150);
    // Promptly: well before any idle timeout (1.5 s here).
    for (const p of closed) expect((p.closedAt ?? Infinity) - started).toBeLessThan(1400);
    for (const p of closed)
      expect(p.received).toMatch(/^HTTP\/1\.1 503 [^]*Too many open connections/);
    // Another client is unaffected, the capped one is refused.
    const other = await getFrom(`${server.url}/api/health`, '127.0.0.2');
    expect(other.status).toBe(200);
    const same = await getFrom(`${server.url}/api/health`, '127.0.0.1').catch(() => ({
      status: 0,
      body: '',
    }));
    expect(same.status).toBe(503);
    for (const p of probes) p.socket.destroy();
    await waitFor(() => false, 100);
    expect((await getFrom(`${server.url}/api/health`, '127.0.0.1')).status).toBe(200);
  });

  it('a socket that sends nothing is closed after the idle timeout', async () => {
    const started = performance.now();
    const p = await open(port, '127.0.0.3');
    await waitFor(() => p.closedAt !== undefined, 5000);
    const after = (p.closedAt ?? Infinity) - started;
    expect(after).toBeGreaterThan(1300);
    expect(after).toBeLessThan(3000);
  });

  it('a slowloris client (one header byte a second) is cut off within the headers timeout', async () => {
    const started = performance.now();
    const p = await open(port, '127.0.0.4');
    const request = 'GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(30);
    let i = 0;
    const dripOne = (): void => {
      if (p.closedAt === undefined && i < request.length) p.socket.write(request[i++] ?? '');
    };
    dripOne();
    const drip = setInterval(dripOne, 1000);
    try {
      await waitFor(() => p.closedAt !== undefined, 8000);
    } finally {
      clearInterval(drip);
    }
    const after = (p.closedAt ?? Infinity) - started;
    // headers timeout 2 s from the first byte, checked every 0.5 s
    expect(after).toBeGreaterThan(1500);
    expect(after).toBeLessThan(3500);
    expect(p.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('an idle keep-alive socket is closed after the keep-alive timeout', async () => {
    const p = await open(port, '127.0.0.5');
    p.socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    await waitFor(() => p.received.includes('"status":"ok"'), 2000);
    const answered = performance.now();
    expect(p.received).toMatch(/^HTTP\/1\.1 200 /);
    await waitFor(() => p.closedAt !== undefined, 5000);
    const after = (p.closedAt ?? Infinity) - answered;
    expect(after).toBeGreaterThan(800);
    expect(after).toBeLessThan(2000);
  });

  it('a request in flight is not cut by the idle timeout (a simulation computing in silence)', async () => {
    const started = performance.now();
    const res = await fetch(`${server.url}/api/v1/simulations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // June 2026 at 80,000 runs on one thread: seconds of silence, past the 1.5 s idle limit.
      body: JSON.stringify({ scenario: june2026, runs: 80_000, seed: 7 }),
    });
    const took = performance.now() - started;
    expect(res.status, await res.text()).toBe(200);
    expect(took, 'the simulation must outlast the idle timeout').toBeGreaterThan(1500);
  });

  it('multipart bodies get a clean 415 naming what is accepted, on tRPC and REST', async () => {
    const form = new FormData();
    form.append('scenario', JSON.stringify(smallScenario()));
    for (const [surface, p] of [
      ['trpc', '/api/trpc/scenario.save'],
      ['trpc', '/api/trpc/scenario.save,preset.list?batch=1'],
      ['rest', '/api/v1/scenarios'],
    ] as const) {
      const res = await fetch(`${server.url}${p}`, { method: 'POST', body: form });
      const text = await res.text();
      expect(res.status, text).toBe(415);
      const body = JSON.parse(text) as { code: string; message: string };
      expect(body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(body.message).toMatch(/multipart\/form-data.*application\/json/);
      expect(text).not.toMatch(/_httpMessage|socket|client\./);
      const problems = check(
        { category: 'multipart', surface, method: 'POST', path: p, expect: 'reject' },
        { status: res.status, contentType: res.headers.get('content-type') ?? '', text },
      );
      expect(problems).toEqual([]);
    }
  });
});

describe('the global connection cap', () => {
  it('over it, a new connection from any address is answered 503 and closed; below it, served again', async () => {
    const server = await startHostileServer({ CROSSWIND_MAX_CONNECTIONS: '5' });
    try {
      const port = Number(new URL(server.url).port);
      const held: Probe[] = [];
      for (let i = 0; i < 5; i++) held.push(await open(port, `127.0.1.${i + 1}`));
      const extra = await open(port, '127.0.1.99');
      await waitFor(() => extra.closedAt !== undefined, 2000);
      expect(extra.closedAt).toBeDefined();
      expect(extra.received).toMatch(/^HTTP\/1\.1 503 [^]*too many open connections/);
      for (const p of held) expect(p.closedAt).toBeUndefined();
      held[0]?.socket.destroy();
      await sleep(100);
      expect((await getFrom(`${server.url}/api/health`, '127.0.1.99')).status).toBe(200);
      for (const p of held) p.socket.destroy();
    } finally {
      await server.close();
    }
  });
});

describe('SIGTERM (the built server)', () => {
  let server: BuiltServer | undefined;
  afterAll(() => server?.close());

  it('ends promptly with status 0 while a keep-alive socket and an event stream are open', async () => {
    expect(isBuilt(), `${serverJs} is missing: build first`).toBe(true);
    server = await spawnBuiltServer({
      CROSSWIND_SIM_THREADS: '1',
      CROSSWIND_MAX_WORK_UNITS: '1000000000000',
      CROSSWIND_MAX_SIM_MEMORY_MB: '2000',
    });
    const { base, child: proc } = server;
    expect(base, server.output()).not.toBe('');
    const exited = new Promise<number | null>((resolve) =>
      proc.on('exit', (code) => resolve(code)),
    );

    const agent = new http.Agent({ keepAlive: true });
    const health = await new Promise<number>((resolve, reject) => {
      http
        .get(`${base}/api/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
        .on('error', reject);
    });
    expect(health).toBe(200);
    // A job long enough to still be running at SIGTERM, and its event stream.
    const started = await fetch(`${base}/api/v1/simulations/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: smallScenario(), runs: 400_000 }),
    });
    const text = await started.text();
    expect(started.status, text).toBe(200);
    const job = JSON.parse(text) as { eventsUrl: string };
    let streamEnded = false;
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${base}${job.eventsUrl}`, (res) => {
          expect(res.headers['content-type']).toMatch(/text\/event-stream/);
          res.on('data', () => undefined);
          res.on('end', () => (streamEnded = true));
          res.on('error', () => undefined);
          resolve();
        })
        .on('error', reject);
    });
    await sleep(200);
    expect(streamEnded).toBe(false);

    const sent = performance.now();
    proc.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(3000).then(() => 'still running')]);
    expect(code, server.output()).toBe(0);
    expect(performance.now() - sent).toBeLessThan(3000);
    expect(streamEnded).toBe(true);
    expect(server.output()).not.toMatch(/failed|Error/);
    agent.destroy();
  });
});
