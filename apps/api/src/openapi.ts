import { SCHEMA_VERSION } from '@crosswind/schema';
import { generateOpenApiDocument } from 'trpc-to-openapi';
import { appRouter } from './router/root.js';

type OpenApiDocument = ReturnType<typeof generateOpenApiDocument>;

/**
 * The OpenAPI 3 document of the REST face: generated from the tRPC procedures, plus the
 * server-sent events route, which is plain Fastify.
 */
export function buildOpenApiDocument(): OpenApiDocument {
  const doc = generateOpenApiDocument(appRouter, {
    title: 'Crosswind API',
    version: '0.1.0',
    description:
      `Monte Carlo scenarios for AI procurement decisions. Scenarios follow schema version ${SCHEMA_VERSION}. ` +
      'Errors are JSON: { code, message, path?, issues? }, where path points at the offending field of the request body, ' +
      'e.g. scenario.strategies[1].routes[0].fallbacks[0].',
    baseUrl: '/api',
    tags: ['scenarios', 'simulations', 'presets', 'health'],
  });
  doc.paths = {
    ...doc.paths,
    '/v1/simulations/jobs/{jobId}/events': {
      get: {
        tags: ['simulations'],
        summary: 'Progress of a background simulation as server-sent events',
        description:
          'text/event-stream. Events: `progress` with {"done","total"} (runs), then exactly one `result` (the full simulation result) or `error` ({code,message,path?}); the stream then ends. A finished job sends its final event at once.',
        parameters: [{ name: 'jobId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'event stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          '404': { description: 'unknown job (jobs are kept 10 minutes after they finish)' },
        },
      },
    },
  };
  return doc;
}
