import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';

/**
 * Connection limits and socket timeouts of the HTTP server.
 *
 * One client used to make the server unreachable by opening ~1,000 idle sockets (the process's
 * descriptor limit is 1,024 on many systems), and slow clients were held for 73 s. So:
 *
 * - a cap per remote address: over it, the new socket is answered 503 and closed at once, and
 *   other addresses are unaffected;
 * - a global cap below the descriptor limit, so that accepting never fails for lack of
 *   descriptors (the database, worker threads and files need some too);
 * - short timeouts while nothing is in flight: a socket that sends nothing is closed after
 *   `idleTimeoutMs`, an idle keep-alive socket after the keep-alive timeout, a client sending
 *   its headers slowly after the headers timeout (those two are Node's own);
 * - a long inactivity limit only while a request is in flight, since a synchronous simulation
 *   may compute in silence for up to its time limit (SSE streams send a heartbeat, but
 *   they must not be cut either).
 *
 * It also tracks the requests in flight for a graceful shutdown (see `drain`).
 */

export interface ConnectionLimits {
  /** open connections in all */
  maxConnections: number;
  /** open connections per remote address; 0 = no cap */
  maxConnectionsPerClient: number;
  /** socket inactivity limit while no request is in flight */
  idleTimeoutMs: number;
  /** socket inactivity limit while a request is in flight */
  activeTimeoutMs: number;
  /** whether a request URL is a long stream (server-sent events) that a shutdown ends */
  isStream: (url: string) => boolean;
}

/** How long a graceful shutdown lets requests in flight finish before it closes their sockets. */
export const SHUTDOWN_GRACE_MS = 5000;

/** Descriptors kept out of the connection budget: database, worker threads, files, logs. */
const DESCRIPTOR_RESERVE = 256;
/** Used when the descriptor limit cannot be read (not Linux). */
const FALLBACK_MAX_CONNECTIONS = 768;

/** The process's soft limit on open files, if the system says (Linux: /proc/self/limits). */
export function descriptorLimit(): number | undefined {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
    if (m?.[1] === undefined || m[1] === 'unlimited') return undefined;
    return Number(m[1]);
  } catch {
    return undefined;
  }
}

/** The default global cap: the descriptor limit minus a reserve (at least 64). */
export function defaultMaxConnections(limit = descriptorLimit()): number {
  if (limit === undefined) return FALLBACK_MAX_CONNECTIONS;
  return Math.max(64, limit - DESCRIPTOR_RESERVE);
}

/** `::ffff:127.0.0.1` (IPv4 on a dual-stack socket) -> `127.0.0.1`. */
function clientOf(socket: Socket): string {
  const address = socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function refusal(message: string): string {
  const body = JSON.stringify({ code: 'SERVICE_UNAVAILABLE', message });
  return (
    'HTTP/1.1 503 Service Unavailable\r\n' +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Retry-After: 1\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
    body
  );
}

/** A refused socket that does not read its 503 is destroyed after this long. */
const REFUSED_LINGER_MS = 1000;

export interface ConnectionGuard {
  /**
   * For a graceful shutdown, once the server has stopped accepting: ends server-sent event
   * streams (they would otherwise never finish), closes keep-alive sockets as soon as they are
   * idle, and after `graceMs` destroys whatever is still open.
   */
  drain(graceMs: number): void;
}

export function guardConnections(server: Server, limits: ConnectionLimits): ConnectionGuard {
  const perClient = new Map<string, number>();
  let total = 0;
  const inFlight = new Map<Socket, Set<ServerResponse>>();
  const streams = new Set<ServerResponse>();
  let draining = false;

  /** Answers 503 and closes, if the socket is over a cap; true if it was refused. */
  const refuse = (socket: Socket, client: string): boolean => {
    const overClient =
      limits.maxConnectionsPerClient > 0 &&
      (perClient.get(client) ?? 0) >= limits.maxConnectionsPerClient;
    if (!overClient && total < limits.maxConnections) return false;
    const linger = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS);
    linger.unref();
    socket.on('close', () => clearTimeout(linger));
    socket.on('error', () => undefined);
    // Whatever it sends is read and dropped: nothing on this socket is answered but the 503.
    socket.resume();
    socket.end(
      refusal(
        overClient
          ? `Too many open connections from your address (at most ${limits.maxConnectionsPerClient}): reuse or close some`
          : `The server has too many open connections (at most ${limits.maxConnections}): retry shortly`,
      ),
    );
    return true;
  };

  // Node's own listener sets up HTTP parsing on each new socket; it runs behind the caps, so
  // that a refused socket costs no parser and never reaches a route.
  const nodeListeners = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const client = clientOf(socket);
    if (refuse(socket, client)) return;
    total++;
    perClient.set(client, (perClient.get(client) ?? 0) + 1);
    socket.once('close', () => {
      total--;
      const left = (perClient.get(client) ?? 1) - 1;
      if (left <= 0) perClient.delete(client);
      else perClient.set(client, left);
      inFlight.delete(socket);
    });
    for (const listener of nodeListeners) listener.call(server, socket);
  });

  server.setTimeout(limits.idleTimeoutMs);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    // In flight: the long limit. Node puts the keep-alive timeout back when the answer is done.
    socket.setTimeout(limits.activeTimeoutMs);
    let set = inFlight.get(socket);
    if (set === undefined) {
      set = new Set();
      inFlight.set(socket, set);
    }
    set.add(res);
    const stream = limits.isStream(req.url ?? '');
    if (stream) streams.add(res);
    res.once('close', () => {
      set.delete(res);
      if (stream) streams.delete(res);
      if (draining && set.size === 0) socket.destroySoon();
    });
  });

  return {
    drain(graceMs) {
      draining = true;
      server.closeIdleConnections();
      for (const [socket, responses] of inFlight) if (responses.size === 0) socket.destroySoon();
      for (const res of streams) {
        // A late write by the stream's producer must not turn into an unhandled error.
        res.on('error', () => undefined);
        res.end();
      }
      const stop = setTimeout(() => server.closeAllConnections(), graceMs);
      stop.unref();
      server.once('close', () => clearTimeout(stop));
    },
  };
}

/** Fastify's options for the client's side of the time limits (the socket's own are below). */
export function serverTimeouts(config: Config): Pick<
  FastifyServerOptions,
  'requestTimeout' | 'keepAliveTimeout' | 'connectionTimeout'
> & {
  http: { headersTimeout: number; connectionsCheckingInterval: number };
} {
  return {
    requestTimeout: config.limits.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    connectionTimeout: config.http.idleTimeoutMs,
    http: {
      headersTimeout: config.http.headersTimeoutMs,
      // Node checks the headers and request deadlines on this interval (30 s by default, which
      // let a slow sender keep its socket up to 30 s past the deadline).
      connectionsCheckingInterval: Math.max(250, Math.min(1000, config.http.headersTimeoutMs / 4)),
    },
  };
}

/** Caps and timeouts on `app`'s server per the config; a shutdown (app.close) drains it. */
export function guardAppConnections(
  app: FastifyInstance,
  config: Config,
  isStream: (url: string) => boolean,
): ConnectionGuard {
  const guard = guardConnections(app.server, {
    maxConnections: config.http.maxConnections ?? defaultMaxConnections(),
    maxConnectionsPerClient: config.http.maxConnectionsPerClient,
    idleTimeoutMs: config.http.idleTimeoutMs,
    // A synchronous simulation may compute in silence for up to its time limit (plus worker
    // start-up), so while a request is in flight the socket must outlive it.
    activeTimeoutMs: Math.max(config.limits.requestTimeoutMs, config.sim.timeoutMs + 60_000),
    isStream,
  });
  app.addHook('preClose', (done) => {
    guard.drain(SHUTDOWN_GRACE_MS);
    done();
  });
  return guard;
}
