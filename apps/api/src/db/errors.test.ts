import { describe, expect, it } from 'vitest';
import { describeError, databaseFault } from '../errors.js';
import {
  classifyDatabaseFault,
  DatabaseUnavailableError,
  DiskFullError,
  toDatabaseError,
} from './errors.js';

/** Driver errors as pg and better-sqlite3 throw them (message, code), and what they become. */
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('database faults', () => {
  it.each([
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['connection reset', withCode('read ECONNRESET', 'ECONNRESET')],
    ['admin shutdown', withCode('terminating connection due to administrator command', '57P01')],
    ['starting up', withCode('the database system is starting up', '57P03')],
    ['statement timeout', withCode('canceling statement due to statement timeout', '57014')],
    ['connect timeout', new Error('timeout exceeded when trying to connect')],
    ['terminated', new Error('Connection terminated unexpectedly')],
    ['client read timeout', new Error('Query read timeout')],
    ['several addresses refused', new AggregateError([withCode('x', 'ECONNREFUSED')])],
    ['SQLite I/O error', withCode('disk I/O error', 'SQLITE_IOERR_WRITE')],
  ])('%s: unavailable', (_what, e) => {
    expect(classifyDatabaseFault(e)).toBe('unavailable');
  });

  it.each([
    ['SQLite', withCode('database or disk is full', 'SQLITE_FULL')],
    ['the OS', withCode('ENOSPC: no space left on device', 'ENOSPC')],
    ['PostgreSQL', withCode('could not extend file: No space left on device', '53100')],
  ])('%s full disk: disk-full', (_what, e) => {
    expect(classifyDatabaseFault(e)).toBe('disk-full');
  });

  it('a damaged file is corrupt; a constraint violation or a syntax error is none of these (a 500)', () => {
    expect(classifyDatabaseFault(withCode('file is not a database', 'SQLITE_NOTADB'))).toBe(
      'corrupt',
    );
    expect(
      classifyDatabaseFault(withCode('database disk image is malformed', 'SQLITE_CORRUPT')),
    ).toBe('corrupt');
    const unique = withCode('UNIQUE constraint failed: scenarios.id', 'SQLITE_CONSTRAINT_UNIQUE');
    expect(classifyDatabaseFault(unique)).toBeUndefined();
    expect(toDatabaseError(unique, { retryAfterSeconds: 5 })).toBe(unique);
    expect(classifyDatabaseFault(withCode('syntax error at or near "x"', '42601'))).toBeUndefined();
  });

  it('clients see 503, Retry-After and our words, never the driver text', () => {
    const down = toDatabaseError(withCode('terminating connection', '57P01'), {
      retryAfterSeconds: 5,
    });
    expect(down).toBeInstanceOf(DatabaseUnavailableError);
    const full = toDatabaseError(withCode('database or disk is full', 'SQLITE_FULL'), {
      retryAfterSeconds: 5,
      onDiskFull: 'your scenario was not saved',
    });
    expect(full).toBeInstanceOf(DiskFullError);
    for (const [e, message, seconds] of [
      [down, 'the database is unavailable; retry in 5 s', 5],
      [full, "the server's disk is full; your scenario was not saved. Retry later", 60],
    ] as const) {
      if (!(e instanceof DatabaseUnavailableError || e instanceof DiskFullError)) throw e;
      const trpc = databaseFault(e);
      expect(trpc.code).toBe('SERVICE_UNAVAILABLE');
      expect(describeError(trpc)).toMatchObject({ message, retryAfterSeconds: seconds });
    }
  });
});
