import type { FastifyInstance } from 'fastify';

/**
 * Every body the API accepts is JSON. tRPC's Fastify adapter would also take multipart/form-data
 * (it passes the raw request stream on as the "body", and the answer then named Node's socket
 * internals) and application/octet-stream; no procedure here reads either. Refusing any other
 * media type up front, before a body is read, gives tRPC and REST the same clean 415.
 */

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_ECHO_CHARS = 80;

/** `multipart/form-data; boundary=x` -> `multipart/form-data` */
export function mediaTypeOf(contentType: string): string {
  return (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
}

export function registerJsonOnly(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request, reply) => {
    if (!METHODS_WITH_BODY.has(request.method)) return undefined;
    const header = request.headers['content-type'];
    if (header === undefined) return undefined;
    const type = mediaTypeOf(header);
    if (type === 'application/json') return undefined;
    const shown = type.length > MAX_ECHO_CHARS ? `${type.slice(0, MAX_ECHO_CHARS)}…` : type;
    return reply
      .code(415)
      .type('application/json; charset=utf-8')
      .send({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `Unsupported content type ${JSON.stringify(shown)}: request bodies must be application/json`,
      });
  });
}
