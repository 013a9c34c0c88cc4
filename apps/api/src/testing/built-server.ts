import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built server, `apps/api/dist/server.js`: what the README's start command runs. */
export const serverJs = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../dist/server.js',
);

export const isBuilt = (): boolean => existsSync(serverJs);

export interface BuiltServer {
  /** `http://127.0.0.1:PORT`, or '' when it did not start (then see `output()`) */
  base: string;
  child: ChildProcess;
  dataDir: string;
  /** everything it printed so far */
  output(): string;
  /** kills it (SIGKILL) and removes its data folder */
  close(): void;
}

/**
 * Starts `node apps/api/dist/server.js` on a free port and a data folder of its own, and waits
 * for its "running at" line (or its exit, or `timeoutMs`).
 */
export async function spawnBuiltServer(
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<BuiltServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crosswind-built-'));
  // Extra V8/Node flags for diagnosis, e.g. CROSSWIND_TEST_NODE_ARGS=--trace-gc (not allowed in NODE_OPTIONS).
  const nodeArgs = (process.env.CROSSWIND_TEST_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, serverJs], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      CROSSWIND_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const base = await new Promise<string>((resolve) => {
    const onData = (d: Buffer): void => {
      output += d.toString();
      const m = /running at (http:\/\/[\d.:]+)/.exec(output);
      if (m?.[1] !== undefined) resolve(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', () => resolve(''));
    setTimeout(() => resolve(''), timeoutMs).unref();
  });
  return {
    base,
    child,
    dataDir,
    output: () => output,
    close() {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
