/**
 * What can go wrong with the database, as the rest of the API needs to know it. Driver errors
 * (pg's, SQLite's) carry text that must never reach a client and codes that differ per driver;
 * the repository turns the ones a client can do something about into these types, whose
 * messages are safe to show. The driver's error stays in `cause`, for the log.
 */

/** The database cannot be reached or does not answer in time: retry later (503 + Retry-After). */
export class DatabaseUnavailableError extends Error {
  readonly fault = 'unavailable';
  constructor(
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(`the database is unavailable; retry in ${retryAfterSeconds} s`, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** A write failed because the disk (or the database's size limit) is full. Nothing was written. */
export class DiskFullError extends Error {
  readonly fault = 'disk-full';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DiskFullError';
  }
}

/** The database file is damaged or is not a database: refuse to start, report not ready. */
export class DatabaseCorruptError extends Error {
  readonly fault = 'corrupt';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseCorruptError';
  }
}

/** The errors whose message may be shown to a client as it is. */
export type DatabaseError = DatabaseUnavailableError | DiskFullError | DatabaseCorruptError;

export function isDatabaseError(e: unknown): e is DatabaseError {
  return (
    e instanceof DatabaseUnavailableError ||
    e instanceof DiskFullError ||
    e instanceof DatabaseCorruptError
  );
}

/** How long a client should wait after a 503 for a full disk: an operator has to act. */
export const DISK_FULL_RETRY_SECONDS = 60;

/** Socket-level failures: the server is down, restarting, unreachable or gone mid-query. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs that mean "not now" rather than "wrong request": class 08 (connection
 * exception), 57P01-57P03 (admin/crash shutdown, cannot connect now), 57014 (statement timeout
 * or cancel), 53300 (too many connections), 25P03 (idle-in-transaction timeout), 40001/40P01
 * (serialization failure, deadlock: retrying succeeds).
 */
const PG_UNAVAILABLE = /^(08...|57P0[123]|57014|53300|25P03|40001|40P01)$/;

/** pg's own messages for a connection that timed out or died (they have no code). */
const PG_CONNECTION_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|not queryable|Connection ended unexpectedly|connection timeout/i;

/** SQLite result codes of a disk that stalls or fails under us (the statement did not run). */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|PROTOCOL)/;

function codeOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  return typeof e.code === 'string' ? e.code : undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : '';
}

export type DatabaseFault = 'unavailable' | 'disk-full' | 'corrupt' | undefined;

/** What kind of fault a driver error is, or undefined for anything else (a bug: a 500). */
export function classifyDatabaseFault(e: unknown): DatabaseFault {
  if (isDatabaseError(e)) {
    if (e instanceof DiskFullError) return 'disk-full';
    if (e instanceof DatabaseCorruptError) return 'corrupt';
    return 'unavailable';
  }
  const code = codeOf(e);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === '53100' || code === 'EDQUOT')
    return 'disk-full';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code === 'XX001' || code === 'XX002')
    return 'corrupt';
  if (code !== undefined && (NETWORK_CODES.has(code) || PG_UNAVAILABLE.test(code)))
    return 'unavailable';
  if (code !== undefined && SQLITE_UNAVAILABLE.test(code)) return 'unavailable';
  if (PG_CONNECTION_MESSAGES.test(messageOf(e))) return 'unavailable';
  // An AggregateError (a host with several addresses, all refused) carries the codes inside.
  if (e instanceof AggregateError && e.errors.some((x) => classifyDatabaseFault(x) !== undefined))
    return 'unavailable';
  return undefined;
}

/**
 * The typed error for a driver error, or the error itself when it is none of ours to explain.
 * `onDiskFull` words the disk-full message for the operation (e.g. "your scenario was not saved").
 */
export function toDatabaseError(
  e: unknown,
  opts: { retryAfterSeconds: number; onDiskFull?: string },
): unknown {
  if (isDatabaseError(e)) return e;
  switch (classifyDatabaseFault(e)) {
    case 'unavailable':
      return new DatabaseUnavailableError(opts.retryAfterSeconds, { cause: e });
    case 'disk-full':
      return new DiskFullError(
        `the server's disk is full; ${opts.onDiskFull ?? 'nothing was written'}. Retry later`,
        DISK_FULL_RETRY_SECONDS,
        { cause: e },
      );
    case 'corrupt':
      return new DatabaseCorruptError(
        'the database file is damaged; the operator must restore it from a backup',
        { cause: e },
      );
    default:
      return e;
  }
}
