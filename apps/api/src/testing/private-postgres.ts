import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A throw-away PostgreSQL server of its own, for tests that stop, freeze and restart the
 * database: doing that to the shared one would break every other test running at the time.
 * Runs Debian's binaries as the `postgres` user (initdb refuses root), trust authentication,
 * listening on 127.0.0.1 and a free port.
 */

const PG_ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL's bin folder, or undefined when none is installed. */
export function postgresBinDir(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => existsSync(path.join(PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b));
  const newest = versions[versions.length - 1];
  return newest === undefined ? undefined : path.join(PG_ROOT, newest, 'bin');
}

/** Whether this process can run the binaries as `postgres` (it must be root). */
export function canRunPrivatePostgres(): boolean {
  return (
    postgresBinDir() !== undefined &&
    process.getuid?.() === 0 &&
    spawnSync('id', ['-u', 'postgres']).status === 0
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface PrivatePostgres {
  url: string;
  start(): void;
  /** `pg_ctl stop -m fast`: clients are disconnected (57P01), new connections refused. */
  stop(): void;
  /** SIGSTOP to the postmaster and every backend: connections hang, nothing answers. */
  freeze(): void;
  thaw(): void;
  destroy(): void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (bin === undefined) throw new Error('PostgreSQL binaries are not installed');
  const dir = mkdtempSync(path.join(tmpdir(), 'crosswind-pg-'));
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(dir, uid, gid);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asPostgres = (command: string): void => {
    const r = spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', command], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${command} failed (${r.status}): ${r.stderr}${r.stdout}`);
  };
  asPostgres(`${bin}/initdb -D ${data} -A trust -U postgres --no-sync >/dev/null`);
  const start = (): void =>
    asPostgres(
      `${bin}/pg_ctl -D ${data} -l ${dir}/log -w -o "-p ${port} -k ${dir} -h 127.0.0.1 -c fsync=off" start >/dev/null`,
    );
  const pids = (): number[] => {
    const pidFile = path.join(data, 'postmaster.pid');
    if (!existsSync(pidFile)) return [];
    const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], {
      encoding: 'utf8',
    })
      .stdout.split('\n')
      .map((l) => Number(l.trim()))
      .filter((p) => p > 0);
    return [postmaster, ...children];
  };
  const signal = (sig: NodeJS.Signals): void => {
    for (const pid of pids()) {
      try {
        process.kill(pid, sig);
      } catch {
        // a backend that just exited
      }
    }
  };
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop: () => asPostgres(`${bin}/pg_ctl -D ${data} -m fast -w stop >/dev/null`),
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    destroy() {
      signal('SIGCONT');
      spawnSync('su', [
        'postgres',
        '-s',
        '/bin/sh',
        '-c',
        `${bin}/pg_ctl -D ${data} -m immediate -w stop`,
      ]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
