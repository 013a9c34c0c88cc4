import type { FastifyInstance } from 'fastify';
import { notFound } from './errors.js';
import type { JobEvent, Simulator } from './sim/simulator.js';

/**
 * The events of a background job, in one place for both of their encodings: the REST stream
 * below (`GET /api/v1/simulations/jobs/{id}/events`, for curl users) and the tRPC subscription
 * `simulation.progress` (router/simulation.ts, for typed clients).
 */

const HEARTBEAT_MS = 15_000;

/**
 * A job's events: first its state now (a `progress` snapshot, or the final event at once for a
 * finished job), then each later `progress`, then exactly one `result` or `error`, and the end.
 * Waiting progress events are merged (only the latest counts), so a slow reader never piles
 * them up. Ends early, without an event, when `signal` aborts (the reader went away).
 * @throws a NOT_FOUND TRPCError (path `jobId`) for an unknown or forgotten job
 * @example
 * for await (const event of followJob(simulator, jobId, signal)) send(event);
 */
export async function* followJob(
  simulator: Simulator,
  jobId: string,
  signal?: AbortSignal,
): AsyncGenerator<JobEvent, void, undefined> {
  const waiting: JobEvent[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = simulator.subscribe(jobId, (event) => {
    const last = waiting.at(-1);
    if (event.type === 'progress' && last?.type === 'progress') waiting[waiting.length - 1] = event;
    else waiting.push(event);
    wake?.();
  });
  const onAbort = (): void => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    // Subscribed first, then read: nothing can happen in between (both are synchronous), so
    // every event after this snapshot reaches `waiting`.
    const now = simulator.getJob(jobId);
    if (now === undefined) throw notFound('simulation job', 'jobId', jobId);
    if (now.status === 'done') {
      const json = await simulator.jobResult(jobId);
      yield json !== undefined
        ? { type: 'result', json }
        : {
            type: 'error',
            error: {
              code: 'NOT_FOUND',
              message: 'the result of this job is no longer stored; start the simulation again',
            },
          };
      return;
    }
    if (now.status === 'failed' && now.error !== undefined) {
      yield { type: 'error', error: now.error };
      return;
    }
    yield { type: 'progress', done: now.done, total: now.total };
    while (signal?.aborted !== true) {
      const event = waiting.shift();
      if (event === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      yield event;
      if (event.type !== 'progress') return;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The chunks of one event's frame. */
function frame(event: JobEvent): Array<string | Buffer> {
  switch (event.type) {
    case 'progress':
      return [
        `event: progress\ndata: ${JSON.stringify({ done: event.done, total: event.total })}\n\n`,
      ];
    case 'result':
      // The stored JSON as it is (one line: JSON.stringify writes no newlines), never copied
      // into a string.
      return [Buffer.from('event: result\ndata: '), event.json, Buffer.from('\n\n')];
    case 'error':
      return [`event: error\ndata: ${JSON.stringify(event.error)}\n\n`];
  }
}

/**
 * GET /api/v1/simulations/jobs/:jobId/events — server-sent events for a background job:
 * `progress` events, then one `result` or `error`, then the stream ends.
 */
export function registerJobEvents(app: FastifyInstance, simulator: Simulator): void {
  app.get<{ Params: { jobId: string } }>(
    '/api/v1/simulations/jobs/:jobId/events',
    async (request, reply) => {
      const jobId = request.params.jobId;
      if (simulator.getJob(jobId) === undefined) {
        return reply.code(404).send({
          code: 'NOT_FOUND',
          message: `no simulation job with id "${jobId.slice(0, 80)}"`,
          path: 'jobId',
        });
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(reply.getHeaders()))
        if (v !== undefined) headers[k] = String(v);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      // Nothing is written once the client has gone (a write to a closed response fails).
      const send = (chunk: string | Buffer): void => {
        if (!res.destroyed && !res.writableEnded) res.write(chunk);
      };
      send(`retry: 2000\n\n`);
      const closed = new AbortController();
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      res.on('close', () => {
        clearInterval(heartbeat);
        closed.abort();
      });
      const pump = async (): Promise<void> => {
        for await (const event of followJob(simulator, jobId, closed.signal))
          for (const chunk of frame(event)) send(chunk);
      };
      pump()
        .catch((e: unknown) => {
          // Only reading a finished job's stored result can fail here (the job itself was
          // found above, synchronously with the subscription); the stream has already started.
          request.log.warn({ err: e, jobId }, 'job event stream failed');
          const error = {
            code: 'SERVICE_UNAVAILABLE',
            message: "could not read the job's result; get it from the job's status URL",
          };
          send(`event: error\ndata: ${JSON.stringify(error)}\n\n`);
        })
        .finally(() => {
          clearInterval(heartbeat);
          if (!res.destroyed) res.end();
        });
      return reply;
    },
  );
}
