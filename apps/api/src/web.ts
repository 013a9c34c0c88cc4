import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebHandler } from './app.js';

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
 * a handler for Node requests, so one process serves the API and the UI.
 */
export async function loadWebHandler(
  webDir: string,
  opts: { hostname: string; port: number },
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
  const nextApp = next({ dir: webDir, dev: false, hostname: opts.hostname, port: opts.port });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();
  return (req, res) => handle(req, res);
}
