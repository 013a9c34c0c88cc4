import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPCError } from '@trpc/server';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createContextInner, type AppDeps } from './context.js';
import { describeError, type ApiErrorBody } from './errors.js';
import { createResultTextCaller } from './router/result-text.js';

/** The most one socket write carries: a larger one holds the event loop while it is copied. */
const SLICE_BYTES = 256 * 1024;

/**
 * The chunks cut into views of at most `SLICE_BYTES` (no copies). Written one by one with the
 * stream's backpressure, a 4 MB result no longer goes to the socket in one write that held the
 * event loop for ~10 ms (more on a busy machine) while other requests waited.
 */
export function* inSlices(chunks: readonly Buffer[], size = SLICE_BYTES): Generator<Buffer> {
  for (const chunk of chunks)
    for (let at = 0; at < chunk.byteLength; at += size)
      yield chunk.subarray(at, Math.min(at + size, chunk.byteLength));
}

/**
 * POST /api/v1/simulations and GET /api/v1/simulations/jobs/{jobId} answered with the stored
 * result text (see router/result-text.ts). Registered before the OpenAPI adapter, whose
 * document still describes both routes from the procedures in router/simulation.ts.
 */
export function registerResultRoutes(api: FastifyInstance, deps: AppDeps): void {
  const caller = (request: FastifyRequest, reply: FastifyReply) => {
    const controller = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) controller.abort();
    });
    return createResultTextCaller(
      createContextInner(deps, { signal: controller.signal, clientId: request.ip }),
    );
  };

  const send = async (reply: FastifyReply, answer: () => Promise<Buffer[]>) => {
    try {
      const chunks = await answer();
      const length = chunks.reduce((n, c) => n + c.byteLength, 0);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-length', String(length))
        .send(length <= SLICE_BYTES ? Buffer.concat(chunks) : Readable.from(inSlices(chunks)));
    } catch (e) {
      const error =
        e instanceof TRPCError ? e : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: e });
      if (error.code === 'INTERNAL_SERVER_ERROR')
        reply.log.error({ err: error.cause ?? error }, 'procedure failed');
      const detail = describeError(error);
      const body: ApiErrorBody = {
        code: error.code,
        message: detail.message,
        ...(detail.path !== undefined ? { path: detail.path } : {}),
        ...(detail.issues !== undefined ? { issues: detail.issues } : {}),
      };
      if (detail.retryAfterSeconds !== undefined)
        void reply.header('Retry-After', String(detail.retryAfterSeconds));
      return reply
        .code(getHTTPStatusCodeFromError(error))
        .type('application/json; charset=utf-8')
        .send(body);
    }
  };

  api.post('/api/v1/simulations', async (request, reply) =>
    send(reply, () => caller(request, reply).run(request.body as never)),
  );
  api.get<{ Params: { jobId: string } }>(
    '/api/v1/simulations/jobs/:jobId',
    async (request, reply) =>
      send(reply, () => caller(request, reply).job({ jobId: request.params.jobId })),
  );
}
