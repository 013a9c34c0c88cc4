import 'server-only';
import type { AppCaller, ServerCallerFactory } from '@crosswind/api';

/**
 * Server components read data through the tRPC caller that the API process publishes before it
 * prepares this app (apps/api/src/server-caller.ts): the call runs in the same process, with no
 * HTTP request. There is deliberately no fallback to fetching an origin built from the request's
 * `Host` or `X-Forwarded-*` headers: those are chosen by the client, and following them let a
 * request make the server fetch another service and show its answer.
 */

const SERVER_CALLER_KEY = Symbol.for('crosswind.serverCaller');

export class ServerCallerMissingError extends Error {
  constructor() {
    super(
      'The Crosswind API is not running in this process, so server-rendered pages cannot read ' +
        'saved scenarios. Serve the web UI through the API (`node apps/api/dist/server.js` after ' +
        '`pnpm build`); `next dev` or `next start` alone cannot render these pages.',
    );
    this.name = 'ServerCallerMissingError';
  }
}

/**
 * A caller for this render. Its client is the page request's socket address, which the API
 * process attaches when it hands the request to Next.js (never a forwarded header).
 * @throws ServerCallerMissingError when the page is served without the API process
 */
export function serverCaller(): AppCaller {
  const factory = (globalThis as Record<symbol, unknown>)[SERVER_CALLER_KEY];
  if (typeof factory !== 'function') throw new ServerCallerMissingError();
  return (factory as ServerCallerFactory)();
}
