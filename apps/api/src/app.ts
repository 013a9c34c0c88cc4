import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { TRPCError } from '@trpc/server';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { fastifyTRPCOpenApiPlugin } from 'trpc-to-openapi';
import { createContextInner, type AppDeps } from './context.js';
import { renderDocsHtml } from './docs.js';
import {
  codeForStatus,
  describeError,
  summarizeIssues,
  type ApiErrorBody,
  type FieldIssue,
} from './errors.js';
import { buildOpenApiDocument } from './openapi.js';
import { answerMalformedRequest } from './http/client-errors.js';
import { guardAppConnections, serverTimeouts } from './http/connections.js';
import { registerJsonOnly } from './http/media-type.js';
import { registerRateLimit } from './http/rate-limit.js';
import { registerSavedScenarioCache } from './http/saved-scenarios.js';
import { findBodyProblem } from './proto-keys.js';
import { appRouter, type AppRouter } from './router/root.js';
import { registerResultRoutes } from './rest-results.js';
import { registerJobEvents } from './sse.js';

/** Serves the web UI for every non-API route (the built Next.js app), if there is one. */
export type WebHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface BuildAppOptions {
  web?: WebHandler;
}

/**
 * Server-sent event streams, which a shutdown ends rather than waits for: the REST job events
 * and the tRPC subscription of the same events (`simulation.progress`).
 */
const EVENT_STREAM_PATHS = [
  /^\/api\/v1\/simulations\/jobs\/[^/?]+\/events(\?|$)/,
  /^\/api\/trpc\/simulation\.progress(\?|$)/,
];

/** Longest accepted URL, in characters (tRPC GET batches carry their input in the query). */
const MAX_URL_LENGTH = 8192;

function sendError(reply: FastifyReply, status: number, body: ApiErrorBody): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

function retryAfterOf(errors: readonly TRPCError[]): number | undefined {
  for (const e of errors) {
    const s = describeError(e).retryAfterSeconds;
    if (s !== undefined) return s;
  }
  return undefined;
}

/**
 * Headers of tRPC and REST answers: Retry-After on 429/503, and an explicit JSON content type
 * on errors (tRPC labels some, e.g. an oversized batch, as text/plain).
 */
const responseMeta = ({ errors }: { errors: TRPCError[] }) => {
  if (errors.length === 0) return {};
  const seconds = retryAfterOf(errors);
  return {
    headers: {
      'content-type': 'application/json',
      ...(seconds === undefined ? {} : { 'Retry-After': String(seconds) }),
    },
  };
};

/** Messages for Fastify's own 4xx errors, so no parser or internal text leaks out. */
function clientMessage(error: FastifyError, status: number): string {
  if (/prototype property/i.test(error.message))
    return 'The request contains a forbidden key (__proto__, constructor or prototype)';
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is not valid JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported content type: send application/json';
    default:
      break;
  }
  if (error instanceof SyntaxError) return 'The request body is not valid JSON';
  if (status === 429) return error.message;
  if (status === 404) return 'Not found';
  return error.message.length < 200 && !/\n|\bat\s/.test(error.message)
    ? error.message
    : 'Invalid request';
}

/**
 * Rewrites the REST adapter's error bodies to `{ code, message, path?, issues? }`. The adapter
 * spreads the tRPC error shape (our `data` with field paths) and replaces input-validation
 * messages with a generic one; this restores the specific message.
 */
function normalizeRestError(payload: unknown): unknown {
  if (typeof payload !== 'string') return payload;
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return payload;
  }
  if (body === null || typeof body !== 'object' || !('data' in body)) return payload;
  const b = body as {
    code?: unknown;
    message?: unknown;
    data?: { code?: unknown; path?: unknown; issues?: FieldIssue[] };
  };
  const issues = Array.isArray(b.data?.issues) ? b.data.issues : undefined;
  const out: ApiErrorBody = {
    code:
      typeof b.code === 'string'
        ? b.code
        : typeof b.data?.code === 'string'
          ? b.data.code
          : 'BAD_REQUEST',
    message:
      issues !== undefined
        ? summarizeIssues(issues)
        : b.code === 'UNSUPPORTED_MEDIA_TYPE'
          ? 'Unsupported content type: send application/json'
          : typeof b.message === 'string'
            ? b.message
            : 'Invalid request',
    ...(typeof b.data?.path === 'string' ? { path: b.data.path } : {}),
    ...(issues !== undefined ? { issues } : {}),
  };
  return JSON.stringify(out);
}

/**
 * Builds the Fastify app (API, docs and, if given, the web UI) without listening.
 * @example
 * const app = await buildApp(deps); await app.listen({ port: 0, host: '127.0.0.1' });
 */
export async function buildApp(
  deps: AppDeps,
  opts: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: config.limits.bodyLimitBytes,
    ...serverTimeouts(config),
    routerOptions: { maxParamLength: config.limits.maxParamLength },
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    clientErrorHandler: answerMalformedRequest,
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
  });

  guardAppConnections(app, config, (url) => EVENT_STREAM_PATHS.some((p) => p.test(url)));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600
        ? error.statusCode
        : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return sendError(reply, 500, {
        code: 'INTERNAL_SERVER_ERROR',
        message: 'Internal server error',
      });
    }
    return sendError(reply, status, {
      code: codeForStatus(status),
      message: clientMessage(error, status),
    });
  });

  // Security headers on every answer (errors and 404s included); the web UI's pages set their
  // own (route option `helmet: false` below), since this strict policy would block Next.js.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
      },
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.length > MAX_URL_LENGTH) {
      return sendError(reply, 414, {
        code: 'URI_TOO_LONG',
        message: `URLs are limited to ${MAX_URL_LENGTH} characters; use POST`,
      });
    }
    return undefined;
  });

  await app.register(async (api) => {
    await api.register(cors, {
      origin: config.corsOrigins.length === 0 ? false : config.corsOrigins,
      methods: ['GET', 'POST'],
      maxAge: 600,
    });
    registerRateLimit(api, {
      perMinute: config.limits.rateLimitPerMinute,
      maxBatchSize: config.limits.maxBatchSize,
    });
    registerJsonOnly(api);

    api.addHook('preValidation', async (request: FastifyRequest, reply) => {
      const problem = findBodyProblem(request.body) ?? findBodyProblem(request.query);
      if (problem !== undefined) {
        return sendError(reply, 400, {
          code: 'BAD_REQUEST',
          message: problem.message,
          path: problem.path,
        });
      }
      return undefined;
    });

    const trpcOptions: FastifyTRPCPluginOptions<AppRouter>['trpcOptions'] = {
      router: appRouter,
      createContext: ({ req, info }) =>
        createContextInner(deps, { signal: info.signal, clientId: req.ip }),
      maxBatchSize: config.limits.maxBatchSize,
      responseMeta,
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          api.log.error({ err: error.cause ?? error, procedure: path }, 'procedure failed');
      },
    };
    await api.register(fastifyTRPCPlugin, { prefix: '/api/trpc', trpcOptions });

    const document = buildOpenApiDocument();
    const documentJson = JSON.stringify(document);
    const docsHtml = renderDocsHtml(document);
    api.get('/api/openapi.json', async (_req, reply) =>
      reply.type('application/json; charset=utf-8').send(documentJson),
    );
    api.get('/api/docs', async (_req, reply) =>
      reply.type('text/html; charset=utf-8').send(docsHtml),
    );

    registerJobEvents(api, deps.simulator);
    registerResultRoutes(api, deps);

    await api.register(async (rest) => {
      rest.addHook('onSend', async (_request, reply, payload) =>
        reply.statusCode >= 400 ? normalizeRestError(payload) : payload,
      );
      registerSavedScenarioCache(rest, config.http.scenarioCacheBytes);
      await rest.register(fastifyTRPCOpenApiPlugin, {
        basePath: '/api',
        router: appRouter,
        createContext: ({ req, info }: { req: FastifyRequest; info: { signal: AbortSignal } }) =>
          createContextInner(deps, { signal: info.signal, clientId: req.ip }),
        responseMeta,
        maxBodySize: config.limits.bodyLimitBytes,
        onError: ({ error, path }: { error: TRPCError; path: string | undefined }) => {
          if (error.code === 'INTERNAL_SERVER_ERROR')
            rest.log.error({ err: error.cause ?? error, procedure: path }, 'procedure failed');
        },
      });
    });
  });

  const web = opts.web;
  if (web !== undefined) {
    // Not OPTIONS: @fastify/cors owns `OPTIONS *` for preflight requests.
    app.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: '/*',
      helmet: false,
      handler: async (request, reply) => {
        reply.hijack();
        await web(request.raw, reply.raw);
      },
    });
  } else {
    app.get('/', () => ({
      name: 'Crosswind API',
      docs: '/api/docs',
      openapi: '/api/openapi.json',
      trpc: '/api/trpc',
      note: 'The web UI is not built; run the build to serve it here.',
    }));
  }
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, {
      code: 'NOT_FOUND',
      message: `No route ${request.method} ${request.url.split('?')[0] ?? ''}`,
    }),
  );
  return app;
}
