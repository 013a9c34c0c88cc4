import {
  closeSync,
  existsSync,
  linkSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { DatabaseCorruptError } from './errors.js';

/**
 * The embedded database file before SQLite opens it. SQLite treats an empty file as a new, empty
 * database and would start silently without the saved scenarios; a damaged or foreign file must
 * stop the server instead, untouched, with a message saying what to do.
 */

/** The first 16 bytes of every SQLite 3 database. */
export const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** The database file is empty, not a database or damaged: the server refuses to start. */
export class SqliteFileError extends DatabaseCorruptError {
  constructor(
    readonly file: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The database file ${file} ${problem}. It was left as it is. Restore it from a backup, ` +
        'or move it aside (e.g. rename it) to start with an empty database.',
      options,
    );
    this.name = 'SqliteFileError';
  }
}

/**
 * Whether the database file exists (false: create it). Throws `SqliteFileError` for an existing
 * file that is empty or does not start with SQLite's header. Reads only.
 */
export function checkSqliteFile(file: string): boolean {
  if (!existsSync(file)) return false;
  const size = statSync(file).size;
  if (size === 0) throw new SqliteFileError(file, 'is empty (0 bytes)');
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, SQLITE_HEADER.length, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 512 || !head.equals(SQLITE_HEADER))
    throw new SqliteFileError(file, 'is not a SQLite database (wrong header)');
  return true;
}

/**
 * Creates a new, empty database atomically: it is made under a temporary name (a crash leaves
 * only that, removed on the next start) and linked into place only once it has SQLite's header,
 * so `file` never exists as the empty file `checkSqliteFile` refuses. If another process created
 * `file` meanwhile, theirs is kept.
 */
export function createSqliteFile(file: string): void {
  const temporary = `${file}.new`;
  rmSync(temporary, { force: true });
  rmSync(`${temporary}-wal`, { force: true });
  rmSync(`${temporary}-shm`, { force: true });
  const db = new BetterSqlite3(temporary);
  try {
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  try {
    linkSync(temporary, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // A filesystem without hard links: rename, unless another process got there first.
    if (code !== 'EEXIST' && !existsSync(file)) renameSync(temporary, file);
  }
  rmSync(temporary, { force: true });
}
