import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
} from '@trpc/client';
import { crosswindTransformer, JSON_TEXT_TAG, type SimulationResult } from '@crosswind/schema';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgressEvent } from './router/simulation.js';
import type { AppRouter } from './router/root.js';
import type { JobEvent, JobState, Simulator } from './sim/simulator.js';
import { followJob } from './sse.js';
import { smallScenario } from './testing/fixtures.js';
import { request, startTestServer, type TestServer } from './testing/server.js';

/**
 * Job progress in its two encodings, which share `followJob`: the tRPC subscription
 * `simulation.progress` (server-sent events through `httpSubscriptionLink`) and the REST stream
 * GET /api/v1/simulations/jobs/{id}/events.
 */

function client(server: TestServer) {
  const url = `${server.url}/api/trpc`;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url, transformer: crosswindTransformer, EventSource }),
        false: httpBatchLink({ url, transformer: crosswindTransformer }),
      }),
    ],
  });
}

/** Every event of one subscription, until it completes or fails. */
function collect(
  trpc: ReturnType<typeof client>,
  jobId: string,
): Promise<{ events: JobProgressEvent[]; error?: TRPCClientError<AppRouter> }> {
  return new Promise((resolve, reject) => {
    const events: JobProgressEvent[] = [];
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`no end of the stream after ${JSON.stringify(events)}`));
    }, 30_000);
    const sub = trpc.simulation.progress.subscribe(
      { jobId },
      {
        onData(event) {
          events.push(event);
          // The stream ends after the final event; stop listening rather than wait for it.
          if (event.type !== 'progress') {
            clearTimeout(timer);
            sub.unsubscribe();
            resolve({ events });
          }
        },
        onError(error) {
          clearTimeout(timer);
          sub.unsubscribe();
          resolve({ events, error });
        },
      },
    );
  });
}

/** The frames of a finished REST event stream. */
function parseFrames(text: string): Array<{ event: string; data: string }> {
  return [...text.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map((m) => ({
    event: m[1] ?? '',
    data: m[2] ?? '',
  }));
}

describe('simulation.progress (tRPC subscription over server-sent events)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CROSSWIND_MAX_WORK_UNITS: '2000000000' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('yields progress, then the result, equal to the REST stream and the synchronous run', async () => {
    const trpc = client(server);
    const body = { scenario: smallScenario(), runs: 4000, seed: 'subscription' };
    const job = await trpc.simulation.startJob.mutate(body);
    const { events, error } = await collect(trpc, job.jobId);
    expect(error).toBeUndefined();
    const last = events.at(-1);
    if (last?.type !== 'result') throw new Error(`expected a result, got ${JSON.stringify(last)}`);
    const progress = events.slice(0, -1);
    expect(progress.length).toBeGreaterThan(0);
    for (const e of progress) {
      if (e.type !== 'progress') throw new Error(`expected progress, got ${e.type}`);
      expect(e.total).toBe(4000);
      expect(e.done).toBeGreaterThanOrEqual(0);
      expect(e.done).toBeLessThanOrEqual(e.total);
    }
    const dones = progress.map((e) => (e.type === 'progress' ? e.done : -1));
    expect([...dones].sort((a, b) => a - b)).toEqual(dones);
    // The result arrives as an object (the transformer parsed the stored text).
    expect(last.result.runs).toBe(4000);
    expect(last.result.seed).toBe('subscription');
    expect(last.result.strategies[0]?.totals.totalCostUsd.mean).toBeTypeOf('number');

    const sync = await request(`${server.url}/api/v1/simulations`, { json: body });
    expect(JSON.stringify(last.result)).toBe(JSON.stringify(sync.body));

    // The REST stream of the same (now finished) job: its final event at once, same result.
    const rest = await fetch(`${server.url}/api/v1/simulations/jobs/${job.jobId}/events`);
    const frames = parseFrames(await rest.text());
    expect(frames.map((f) => f.event)).toEqual(['result']);
    expect(frames[0]?.data).toBe(JSON.stringify(sync.body));
  });

  it('sends the result as stored text under one tagged field on the wire', async () => {
    const trpc = client(server);
    const job = await trpc.simulation.startJob.mutate({
      scenario: smallScenario(),
      runs: 150,
      seed: 'wire-sub',
    });
    const input = encodeURIComponent(JSON.stringify({ jobId: job.jobId }));
    const res = await fetch(`${server.url}/api/trpc/simulation.progress?input=${input}`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    if (!res.body) throw new Error('no body');
    const reader = res.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes(JSON_TEXT_TAG)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    const line = text.split('\n').find((l) => l.startsWith('data: ') && l.includes(JSON_TEXT_TAG));
    const data = JSON.parse(line?.slice(6) ?? 'null') as {
      type: string;
      result: Record<string, unknown>;
    };
    expect(data.type).toBe('result');
    expect(Object.keys(data.result)).toEqual([JSON_TEXT_TAG]);
    const result = JSON.parse(data.result[JSON_TEXT_TAG] as string) as SimulationResult;
    expect(result.seed).toBe('wire-sub');
  });

  it('fails with NOT_FOUND and the field path for an unknown job id', async () => {
    const trpc = client(server);
    const { events, error } = await collect(trpc, 'no-such-job');
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(error?.data?.code).toBe('NOT_FOUND');
    expect(error?.data?.path).toBe('jobId');
    expect(error?.message).toBe('no simulation job with id "no-such-job"');
  });

  it('refuses an invalid job id with a field error', async () => {
    const trpc = client(server);
    const { error } = await collect(trpc, 'x'.repeat(65));
    expect(error?.data?.code).toBe('BAD_REQUEST');
    expect(error?.data?.path).toBe('jobId');
  });

  it('counts as one call for the rate limiter and ends when the server shuts down', async () => {
    const small = await startTestServer({
      CROSSWIND_MAX_WORK_UNITS: '2000000000',
      CROSSWIND_RATE_LIMIT_PER_MINUTE: '50',
    });
    try {
      const trpc = client(small);
      const job = await trpc.simulation.startJob.mutate({
        scenario: smallScenario(),
        runs: 100,
        seed: 'limits',
      });
      const input = encodeURIComponent(JSON.stringify({ jobId: job.jobId }));
      const res = await fetch(`${small.url}/api/trpc/simulation.progress?input=${input}`);
      expect(res.headers.get('x-ratelimit-limit')).toBe('50');
      // startJob took one call and the subscription one more.
      expect(res.headers.get('x-ratelimit-remaining')).toBe('48');
      await res.text();

      // An open subscription to a long job must not hold up a shutdown: it is a stream that
      // the server ends, like the REST event stream.
      const long = await trpc.simulation.startJob.mutate({
        scenario: smallScenario(),
        runs: 150_000,
        seed: 'long',
      });
      const longInput = encodeURIComponent(JSON.stringify({ jobId: long.jobId }));
      const stream = await fetch(`${small.url}/api/trpc/simulation.progress?input=${longInput}`);
      const reading = stream.text().catch(() => 'closed');
      const started = Date.now();
      await small.close();
      const text = await reading;
      // Ended by the shutdown (within its 5 s grace, which other requests get), not finished.
      expect(Date.now() - started).toBeLessThan(4000);
      expect(text).not.toContain('"type":"result"');
    } catch (e) {
      await small.close().catch(() => undefined);
      throw e;
    }
  });
});

async function drain<T>(events: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('followJob (the one source of job events)', () => {
  /** A simulator with one job whose events the test emits by hand. */
  function fakeSimulator(initial: JobState, stored?: Buffer) {
    let state = initial;
    const listeners = new Set<(e: JobEvent) => void>();
    const simulator = {
      getJob: (id: string) => (id === state.id ? state : undefined),
      jobResult: (id: string) =>
        Promise.resolve(id === state.id && state.status === 'done' ? stored : undefined),
      subscribe: (id: string, l: (e: JobEvent) => void) => {
        if (id !== state.id) return () => undefined;
        listeners.add(l);
        return () => listeners.delete(l);
      },
    } as unknown as Simulator;
    return {
      simulator,
      listeners,
      emit(event: JobEvent, next: Partial<JobState>) {
        state = { ...state, ...next };
        for (const l of listeners) l(event);
      },
    };
  }
  const running: JobState = { id: 'j1', status: 'running', done: 10, total: 100, error: undefined };

  it('starts with the state now, merges waiting progress, ends after the error', async () => {
    const fake = fakeSimulator(running);
    const events = followJob(fake.simulator, 'j1');
    expect((await events.next()).value).toEqual({ type: 'progress', done: 10, total: 100 });
    // Three progress events while nobody reads: only the latest is delivered.
    fake.emit({ type: 'progress', done: 20, total: 100 }, { done: 20 });
    fake.emit({ type: 'progress', done: 30, total: 100 }, { done: 30 });
    fake.emit({ type: 'progress', done: 40, total: 100 }, { done: 40 });
    const error = { code: 'BAD_REQUEST', message: 'over budget', path: 'runs' };
    fake.emit({ type: 'error', error }, { status: 'failed', error });
    expect((await events.next()).value).toEqual({ type: 'progress', done: 40, total: 100 });
    expect((await events.next()).value).toEqual({ type: 'error', error });
    expect((await events.next()).done).toBe(true);
    expect(fake.listeners.size).toBe(0);
  });

  it('yields the final event at once for a finished job', async () => {
    const json = Buffer.from('{"runs":1}');
    const done = fakeSimulator({ ...running, status: 'done', done: 100 }, json);
    expect(await drain(followJob(done.simulator, 'j1'))).toEqual([{ type: 'result', json }]);

    const gone = fakeSimulator({ ...running, status: 'done', done: 100 }, undefined);
    const [only] = await drain(followJob(gone.simulator, 'j1'));
    expect(only).toMatchObject({ type: 'error', error: { code: 'NOT_FOUND' } });

    const error = { code: 'TIMEOUT', message: 'too slow' };
    const failed = fakeSimulator({ ...running, status: 'failed', error });
    expect(await drain(followJob(failed.simulator, 'j1'))).toEqual([{ type: 'error', error }]);
  });

  it('stops waiting and unsubscribes when its reader goes away', async () => {
    const fake = fakeSimulator(running);
    const controller = new AbortController();
    const events = followJob(fake.simulator, 'j1', controller.signal);
    await events.next();
    const next = events.next();
    expect(fake.listeners.size).toBe(1);
    controller.abort();
    expect((await next).done).toBe(true);
    expect(fake.listeners.size).toBe(0);
  });

  it('throws NOT_FOUND for an unknown job', async () => {
    const fake = fakeSimulator(running);
    await expect(followJob(fake.simulator, 'other').next()).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'no simulation job with id "other"',
    });
    expect(fake.listeners.size).toBe(0);
  });
});
