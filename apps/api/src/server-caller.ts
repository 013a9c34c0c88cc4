import { AsyncLocalStorage } from 'node:async_hooks';
import { createContextInner, type AppDeps } from './context.js';
import { appRouter } from './router/root.js';
import { createCallerFactory } from './trpc.js';

/**
 * The in-process way for the web UI's server components to read data. The API process and the
 * built Next.js app share one Node process (see web.ts), so a page render calls the tRPC
 * procedures directly instead of making an HTTP request to itself: nothing is fetched from an
 * address taken from the request (the `Host` header once chose it, which let anyone make the
 * server fetch another service), and renders do not spend the HTTP rate limit.
 */

const createCaller = createCallerFactory(appRouter);

/** The procedures of `appRouter`, callable as functions (`caller.scenario.get({ id })`). */
export type AppCaller = ReturnType<typeof createCaller>;

/** Makes a caller whose context names `clientId` (for per-client limits and logs). */
export type ServerCallerFactory = (clientId?: string) => AppCaller;

/**
 * Where the factory is published on `globalThis`. `Symbol.for` gives the same symbol in every
 * module graph, so the Next.js bundle finds what the API's module put there.
 */
export const SERVER_CALLER_KEY = Symbol.for('crosswind.serverCaller');

/** The clientId renders use when the request's socket has no address (it has one in practice). */
export const WEB_RENDER_CLIENT_ID = 'web-render';

const renderClient = new AsyncLocalStorage<string>();

/**
 * Runs `fn` (a page request handed to Next.js) with the address of the socket it came in on, so
 * the calls a render makes are attributed to that client. The socket address, never a forwarded
 * header: headers are the client's to choose.
 */
export function withRenderClient<T>(clientAddress: string | undefined, fn: () => T): T {
  return renderClient.run(clientAddress ?? WEB_RENDER_CLIENT_ID, fn);
}

/** The client of the render in progress: its socket address, or `web-render` outside one. */
export function currentRenderClient(): string {
  return renderClient.getStore() ?? WEB_RENDER_CLIENT_ID;
}

/** Publishes the caller factory for the web app; call before Next.js prepares. */
export function publishServerCaller(deps: AppDeps): ServerCallerFactory {
  const factory: ServerCallerFactory = (clientId) =>
    createCaller(
      createContextInner(deps, {
        clientId: clientId ?? currentRenderClient(),
      }),
    );
  (globalThis as Record<symbol, unknown>)[SERVER_CALLER_KEY] = factory;
  return factory;
}

/** Removes the published factory (tests that start and stop several apps in one process). */
export function unpublishServerCaller(): void {
  delete (globalThis as Record<symbol, unknown>)[SERVER_CALLER_KEY];
}
