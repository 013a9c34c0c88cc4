import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { testConfig } from '../config.js';
import type { ScenarioRepository } from '../db/repository.js';
import { createRuntime, type Runtime } from '../runtime.js';

export interface TestServer {
  url: string;
  app: FastifyInstance;
  runtime: Runtime;
  dataDir: string;
  close(): Promise<void>;
}

export function tempDir(prefix = 'crosswind-api-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A real server on 127.0.0.1 and a random port, with its own SQLite data folder. */
export async function startTestServer(
  env: Record<string, string> = {},
  repo?: ScenarioRepository,
): Promise<TestServer> {
  const dataDir = tempDir();
  const config = testConfig({ CROSSWIND_DATA_DIR: dataDir, ...env });
  const runtime = await createRuntime(config, repo !== undefined ? { repo } : {});
  const app = await buildApp(runtime);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address !== 'object') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    runtime,
    dataDir,
    async close() {
      await app.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** fetch + JSON, never throwing on an HTTP error status. */
export async function request(
  url: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<JsonResponse> {
  const { json, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    ...(json !== undefined
      ? {
          method: rest.method ?? 'POST',
          body: JSON.stringify(json),
          headers: { 'content-type': 'application/json', ...rest.headers },
        }
      : {}),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}
