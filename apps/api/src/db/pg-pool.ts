import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { classifyDatabaseFault } from './errors.js';

/**
 * A pg pool that survives PostgreSQL stopping, freezing and restarting.
 *
 * - Without an 'error' listener, a connection that dies while idle in the pool (PostgreSQL
 *   restarting sends 57P01 to every backend) is an uncaught exception: the process died. The
 *   pool and every client get a listener; the dead connection is dropped and a new one is made
 *   on the next request.
 * - Without timeouts, a frozen server (SIGSTOP, a hung host) held requests forever. Connecting
 *   waits at most `connectTimeoutMs`; a statement is cancelled by the server after
 *   `statementTimeoutMs` (statement_timeout) and abandoned by the client shortly after
 *   (query_timeout), for a server too frozen to cancel anything. TCP keepalive finds peers that
 *   vanished without closing the connection.
 * - A connection whose query failed at the network level is destroyed on release instead of
 *   going back to the pool, where the next request would fail on it again.
 */

export interface ResilientPoolOptions {
  connectionString: string;
  max: number;
  connectTimeoutMs: number;
  /** 0: none */
  statementTimeoutMs: number;
  searchPath?: string;
  /** told when a connection is lost outside a query (default: a line on stderr, at most every 10 s) */
  onConnectionError?: (error: unknown) => void;
}

/** How much later than the server's statement_timeout the client gives up by itself. */
const CLIENT_GRACE_MS = 500;

function defaultReporter(): (error: unknown) => void {
  let last = 0;
  return (error) => {
    const now = Date.now();
    if (now - last < 10_000) return;
    last = now;
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : '';
    process.stderr.write(
      `PostgreSQL connection lost (${String(code || (error instanceof Error ? error.message : error))}); reconnecting on the next request\n`,
    );
  };
}

export function createResilientPool(opts: ResilientPoolOptions): PostgresPool {
  const report = opts.onConnectionError ?? defaultReporter();
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max,
    connectionTimeoutMillis: opts.connectTimeoutMs,
    // 0: no statement limit (migrations at start-up, which may rebuild an index for minutes)
    ...(opts.statementTimeoutMs > 0
      ? {
          statement_timeout: opts.statementTimeoutMs,
          query_timeout: opts.statementTimeoutMs + CLIENT_GRACE_MS,
        }
      : {}),
    // A transaction left open by a stuck client must not hold locks for long.
    idle_in_transaction_session_timeout: Math.max(10_000, opts.statementTimeoutMs * 2),
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(opts.searchPath !== undefined ? { options: `-c search_path=${opts.searchPath}` } : {}),
  });
  pool.on('error', report);
  // pg-pool removes its own listener while a client is checked out: keep one for that time too.
  pool.on('connect', (client) => client.on('error', report));

  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let broken = false;
      const query = (...args: [unknown, ...unknown[]]): unknown => {
        if (typeof args[0] !== 'string')
          return (client.query as (...a: unknown[]) => unknown)(...args);
        return (client.query(args[0], args[1] as unknown[]) as Promise<unknown>).catch(
          (e: unknown) => {
            // A cancelled statement (57014 from statement_timeout) leaves a usable connection.
            const code = typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;
            if (classifyDatabaseFault(e) === 'unavailable' && code !== '57014') broken = true;
            throw e;
          },
        );
      };
      return {
        query: query as PostgresPoolClient['query'],
        release: () => client.release(broken ? true : undefined),
      };
    },
    end: () => pool.end(),
  };
}
