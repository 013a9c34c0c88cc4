import { ConfigError, loadConfig, redactUrlCredentials, type Config } from './config.js';
import { buildApp, type WebHandler } from './app.js';
import { DataDirInUseError } from './db/open.js';
import { createRuntime } from './runtime.js';
import { defaultWebDir, loadWebHandler } from './web.js';

/** Starts Crosswind: database and migrations, worker pool, API and (if built) the web UI. */

function fail(message: string): never {
  process.stderr.write(`${redactUrlCredentials(message)}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  let runtime;
  try {
    runtime = await createRuntime(config);
  } catch (e) {
    if (e instanceof DataDirInUseError) fail(e.message);
    fail(`Could not start: ${e instanceof Error ? e.message : String(e)}`);
  }
  const webDir = config.webDir ?? defaultWebDir();
  let web: WebHandler | undefined;
  if (webDir !== undefined) {
    try {
      web = await loadWebHandler(webDir, {
        hostname: config.host,
        port: config.port,
        deps: runtime,
      });
    } catch (e) {
      await runtime.close();
      fail(
        `Could not load the web app from ${webDir}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  const app = await buildApp(runtime, web !== undefined ? { web } : {});
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    await runtime.close();
    fail(
      `Could not listen on ${config.host}:${config.port}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const address = app.server.address();
  const port = address !== null && typeof address === 'object' ? address.port : config.port;
  const db = config.databaseUrl === undefined ? `SQLite in ${config.dataDir}` : 'PostgreSQL';
  process.stdout.write(
    `Crosswind running at http://${config.host}:${port}\n` +
      `  API docs: http://${config.host}:${port}/api/docs (${db}, ${config.sim.threads} worker threads${web !== undefined ? ', web UI' : ''})\n`,
  );

  // A graceful stop: `app.close()` stops accepting and drains the connections (event streams
  // ended, idle keep-alive sockets closed, requests in flight given 5 s: see http/connections.ts),
  // then the worker pool and the database close and the process exits 0. The forced exit(1)
  // after 10 s is only a backstop for something that hangs.
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${signal}: shutting down\n`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app
      .close()
      .then(() => runtime.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e: unknown) =>
  fail(`Could not start: ${e instanceof Error ? e.message : String(e)}`),
);
