import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebHandler } from './app.js';
import type { AppDeps } from './context.js';
import { publishServerCaller, withRenderClient } from './server-caller.js';

interface NextServer {
  prepare(): Promise<void>;
  getRequestHandler(): WebHandler;
  close?(): Promise<void>;
}
type NextFactory = (opts: {
  dir: string;
  dev: boolean;
  hostname?: string;
  port?: number;
}) => NextServer;

/** `apps/web` next to this package, when it has a production build. */
export function defaultWebDir(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = path.resolve(here, '../../web');
  return isBuilt(dir) ? dir : undefined;
}

export function isBuilt(webDir: string): boolean {
  return existsSync(path.join(webDir, '.next', 'BUILD_ID'));
}

/**
 * Loads the built Next.js app from `webDir` with that app's own `next` package and returns
 * a handler for Node requests, so one process serves the API and the UI. Before Next.js
 * prepares, the tRPC caller over `deps` is published on `globalThis` (server-caller.ts): the
 * app's server components read through it in this process and never over HTTP.
 */
export async function loadWebHandler(
  webDir: string,
  opts: { hostname: string; port: number; deps: AppDeps },
): Promise<WebHandler> {
  if (!isBuilt(webDir))
    throw new Error(`${webDir} has no production build (.next/BUILD_ID); run the build first`);
  const requireFromWeb = createRequire(path.join(webDir, 'package.json'));
  const mod: unknown = requireFromWeb('next');
  const candidate: unknown =
    typeof mod === 'function'
      ? mod
      : mod !== null && typeof mod === 'object' && 'default' in mod
        ? mod.default
        : undefined;
  if (typeof candidate !== 'function') throw new Error(`could not load next from ${webDir}`);
  const next = candidate as NextFactory;
  publishServerCaller(opts.deps);
  const nextApp = next({ dir: webDir, dev: false, hostname: opts.hostname, port: opts.port });
  await nextApp.prepare();
  await preloadPages(nextApp);
  const handle = nextApp.getRequestHandler();
  // The socket's address names the client of a render, never a forwarded header.
  return (req, res) => withRenderClient(req.socket.remoteAddress, () => handle(req, res));
}

/**
 * Loads every page's modules now, before the server listens. Next.js otherwise does it in the
 * background after start (`preloadEntriesOnStart`, off in next.config.ts), which held the event
 * loop for about half a second of the first requests. If a later Next.js lacks the hook, pages
 * load on their first request instead.
 */
async function preloadPages(nextApp: unknown): Promise<void> {
  const wrapper = nextApp as { getServer?: () => Promise<unknown> };
  const server = (await wrapper.getServer?.()) as
    { unstable_preloadEntries?: () => Promise<void> } | undefined;
  await server?.unstable_preloadEntries?.();
}
