import type { FastifyInstance } from 'fastify';
import type { JobEvent, Simulator } from './sim/simulator.js';

const HEARTBEAT_MS = 15_000;

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
      const job = simulator.getJob(request.params.jobId);
      if (job === undefined) {
        return reply.code(404).send({
          code: 'NOT_FOUND',
          message: `no simulation job with id "${request.params.jobId}"`,
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
      res.write(`retry: 2000\n\n`);
      let finished = false;
      const write = (event: JobEvent): void => {
        if (finished) return;
        for (const chunk of frame(event)) res.write(chunk);
        if (event.type !== 'progress') {
          finished = true;
          cleanup();
          res.end();
        }
      };
      const unsubscribe = simulator.subscribe(job.id, write);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const cleanup = (): void => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      res.on('close', () => {
        finished = true;
        cleanup();
      });
      // The state may have moved on between getJob and subscribe: send the latest snapshot.
      const now = simulator.getJob(job.id) ?? job;
      if (now.status === 'done') {
        const json = await simulator.jobResult(job.id);
        write(
          json !== undefined
            ? { type: 'result', json }
            : {
                type: 'error',
                error: {
                  code: 'NOT_FOUND',
                  message: 'the result of this job is no longer stored; start the simulation again',
                },
              },
        );
      } else if (now.status === 'failed' && now.error !== undefined)
        write({ type: 'error', error: now.error });
      else write({ type: 'progress', done: now.done, total: now.total });
      return reply;
    },
  );
}
