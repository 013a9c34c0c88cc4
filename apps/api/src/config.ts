import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { DatabaseOptions } from './db/open.js';

/**
 * Every environment variable the API reads, validated once. The rest of the code receives a
 * typed `Config` and never looks at `process.env`.
 */

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 64;

export const envSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  CROSSWIND_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .describe('PostgreSQL instead of the embedded SQLite database'),
  WEB_DIR: z.string().min(1).optional().describe('directory of the built Next.js app (with .next)'),
  CROSSWIND_MAX_WORK_UNITS: int(1, 1e15)
    .default(20_000_000_000)
    .describe(
      'per-request compute budget in calibrated work units (about 1 ns of one core each; 2e10 is about 20 s)',
    ),
  CROSSWIND_MAX_SIM_MEMORY_MB: int(1, 1_000_000)
    .default(256)
    .describe("per-request memory budget: the simulation's arrays at their peak, in MB"),
  CROSSWIND_MAX_RESULT_MB: int(1, 10_000)
    .default(12)
    .describe("per-request limit on the result's size (its estimated upper bound), in MB"),
  CROSSWIND_SIM_THREADS: int(1, 256).default(Math.max(1, availableParallelism())),
  CROSSWIND_SIM_CONCURRENCY: int(1, 64).default(2).describe('simulations running at the same time'),
  CROSSWIND_SIM_QUEUE: int(0, 10_000)
    .default(64)
    .describe('simulations waiting, all clients together; more get 503'),
  CROSSWIND_SIM_PER_CLIENT: int(1, 64)
    .default(1)
    .describe('simulations one client may run at once'),
  CROSSWIND_SIM_QUEUE_PER_CLIENT: int(0, 1000)
    .default(4)
    .describe('simulations one client may have waiting; more get 429'),
  CROSSWIND_SIM_TIMEOUT_MS: int(100, 3_600_000).default(120_000),
  CROSSWIND_RESULT_CACHE_ENTRIES: int(0, 1_000_000).default(2000),
  CROSSWIND_RESULT_MEMORY_MB: int(0, 100_000)
    .default(64)
    .describe('recent results kept in memory (one copy each, shared by jobs), in MB'),
  CROSSWIND_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000)
    .default(600)
    .describe('calls per minute per client under /api; a tRPC batch counts each call'),
  CROSSWIND_BODY_LIMIT_BYTES: int(1024, 100_000_000).default(2_000_000),
  CROSSWIND_REQUEST_TIMEOUT_MS: int(1000, 3_600_000)
    .default(60_000)
    .describe('time a client has to send its whole request (headers and body)'),
  CROSSWIND_HEADERS_TIMEOUT_MS: int(500, 3_600_000)
    .default(10_000)
    .describe('time a client has to send its request headers (slow senders are cut off)'),
  CROSSWIND_KEEP_ALIVE_TIMEOUT_MS: int(100, 600_000)
    .default(5_000)
    .describe('an idle keep-alive connection is closed after this long'),
  CROSSWIND_IDLE_TIMEOUT_MS: int(500, 600_000)
    .default(10_000)
    .describe('a connection that opens and sends nothing is closed after this long'),
  CROSSWIND_MAX_CONNECTIONS: int(1, 1_000_000)
    .optional()
    .describe('open connections in all; default: the descriptor limit minus a reserve'),
  CROSSWIND_MAX_CONNECTIONS_PER_CLIENT: int(0, 1_000_000)
    .optional()
    .describe('open connections per remote address (0 = no cap); default 64, 0 with TRUST_PROXY'),
  CROSSWIND_SCENARIO_CACHE_BYTES: int(0, 4_000_000_000)
    .default(32 * 1024 * 1024)
    .describe('serialized saved scenarios kept in memory for GET /api/v1/scenarios/{id}'),
  CROSSWIND_MAX_BATCH_SIZE: int(1, 100).default(10),
  CROSSWIND_CORS_ORIGINS: z
    .string()
    .default('')
    .describe(
      'comma-separated origins allowed to call the API from a browser; empty = same origin only',
    ),
  CROSSWIND_LIST_RECENT: bool
    .default(false)
    .describe(
      "whether GET /api/v1/scenarios lists recent saves; off by default, since it would reveal everyone's scenarios to anyone (a share link is a scenario's only access control)",
    ),
  TRUST_PROXY: bool
    .default(false)
    .describe(
      'take the client address from X-Forwarded-For (only behind a reverse proxy that sets it)',
    ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Database timeouts and the result cache's byte cap (docs/api.md, "Database faults").
  CROSSWIND_DB_CONNECT_TIMEOUT_MS: int(100, 600_000)
    .default(3000)
    .describe('PostgreSQL: longest wait for a connection before a 503'),
  CROSSWIND_DB_STATEMENT_TIMEOUT_MS: int(100, 3_600_000)
    .default(5000)
    .describe('longest a statement runs (PostgreSQL) or a request waits for SQLite before a 503'),
  CROSSWIND_RESULT_CACHE_BYTES: int(0, 1e12)
    .default(256 * 1024 * 1024)
    .describe('most bytes of result JSON in the result cache; the oldest go first'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  webDir: string | undefined;
  limits: {
    maxWorkUnits: number;
    maxMemoryBytes: number;
    maxResultBytes: number;
    bodyLimitBytes: number;
    requestTimeoutMs: number;
    maxBatchSize: number;
    /** calls per client per minute; a tRPC batch of n calls costs n */
    rateLimitPerMinute: number;
    /** longest URL path parameter, in characters (tRPC batch URLs put procedure names there) */
    maxParamLength: number;
  };
  http: {
    headersTimeoutMs: number;
    keepAliveTimeoutMs: number;
    idleTimeoutMs: number;
    /** undefined: derived from the process's descriptor limit at start */
    maxConnections: number | undefined;
    /** 0: no per-client cap */
    maxConnectionsPerClient: number;
    scenarioCacheBytes: number;
  };
  sim: {
    threads: number;
    concurrency: number;
    queueSize: number;
    perClientRunning: number;
    perClientQueued: number;
    timeoutMs: number;
    cacheEntries: number;
    resultMemoryBytes: number;
  };
  corsOrigins: string[];
  listRecent: boolean;
  trustProxy: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** database timeouts and the result cache's byte cap */
  database: DatabaseOptions;
}

/** `scheme://user:secret@host` -> `scheme://user:***@host`, so passwords never reach a log. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/(\w+:\/\/[^:/@\s"]*):[^@\s"]*@/g, '$1:***@');
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws `ConfigError` naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (i) =>
          `${i.path.join('.') || '(env)'}=${redactUrlCredentials(JSON.stringify(present[String(i.path[0])] ?? ''))}: ${i.message}`,
      ),
    );
  }
  const e = parsed.data;
  if (e.CROSSWIND_HEADERS_TIMEOUT_MS > e.CROSSWIND_REQUEST_TIMEOUT_MS) {
    // Node refuses a server whose headers deadline is later than its whole-request deadline.
    throw new ConfigError([
      `CROSSWIND_HEADERS_TIMEOUT_MS=${e.CROSSWIND_HEADERS_TIMEOUT_MS}: must not exceed CROSSWIND_REQUEST_TIMEOUT_MS (${e.CROSSWIND_REQUEST_TIMEOUT_MS})`,
    ]);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.CROSSWIND_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    webDir: e.WEB_DIR === undefined ? undefined : path.resolve(e.WEB_DIR),
    limits: {
      maxWorkUnits: e.CROSSWIND_MAX_WORK_UNITS,
      maxMemoryBytes: e.CROSSWIND_MAX_SIM_MEMORY_MB * 1e6,
      maxResultBytes: e.CROSSWIND_MAX_RESULT_MB * 1e6,
      bodyLimitBytes: e.CROSSWIND_BODY_LIMIT_BYTES,
      requestTimeoutMs: e.CROSSWIND_REQUEST_TIMEOUT_MS,
      maxBatchSize: e.CROSSWIND_MAX_BATCH_SIZE,
      rateLimitPerMinute: e.CROSSWIND_RATE_LIMIT_PER_MINUTE,
      maxParamLength: 500,
    },
    sim: {
      threads: e.CROSSWIND_SIM_THREADS,
      concurrency: e.CROSSWIND_SIM_CONCURRENCY,
      queueSize: e.CROSSWIND_SIM_QUEUE,
      perClientRunning: e.CROSSWIND_SIM_PER_CLIENT,
      perClientQueued: e.CROSSWIND_SIM_QUEUE_PER_CLIENT,
      timeoutMs: e.CROSSWIND_SIM_TIMEOUT_MS,
      cacheEntries: e.CROSSWIND_RESULT_CACHE_ENTRIES,
      resultMemoryBytes: e.CROSSWIND_RESULT_MEMORY_MB * 1e6,
    },
    http: {
      headersTimeoutMs: e.CROSSWIND_HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: e.CROSSWIND_KEEP_ALIVE_TIMEOUT_MS,
      idleTimeoutMs: e.CROSSWIND_IDLE_TIMEOUT_MS,
      maxConnections: e.CROSSWIND_MAX_CONNECTIONS,
      // Behind a proxy every connection comes from the proxy's address: a per-address cap
      // would cap the proxy, so it is off there unless set.
      maxConnectionsPerClient:
        e.CROSSWIND_MAX_CONNECTIONS_PER_CLIENT ??
        (e.TRUST_PROXY ? 0 : DEFAULT_MAX_CONNECTIONS_PER_CLIENT),
      scenarioCacheBytes: e.CROSSWIND_SCENARIO_CACHE_BYTES,
    },
    corsOrigins: e.CROSSWIND_CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter((o) => o !== ''),
    listRecent: e.CROSSWIND_LIST_RECENT,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    database: {
      connectTimeoutMs: e.CROSSWIND_DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.CROSSWIND_DB_STATEMENT_TIMEOUT_MS,
      resultCacheBytes: e.CROSSWIND_RESULT_CACHE_BYTES,
    },
  };
}

/** A config for tests: defaults plus overrides, no environment. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...overrides });
}
