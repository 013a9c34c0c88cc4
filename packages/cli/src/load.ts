import { readFileSync } from 'node:fs';
import type { Io } from './io.js';
import { CliError, EXIT_INVALID, EXIT_USAGE } from './errors.js';
import { locateJsonError } from './json-position.js';

function readText(file: string, io: Io): string {
  if (file === '-') return io.readStdin();
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : error instanceof Error
              ? error.message
              : String(error);
    throw new CliError(`cannot read ${file}: ${reason}`, EXIT_USAGE);
  }
}

/**
 * Reads and parses a JSON file (`-` = standard input). Unreadable files and bad JSON become a
 * CliError naming the file and, for bad JSON, the line and column.
 * @example
 * const json = readJsonFile('scenario.json', io);
 */
export function readJsonFile(file: string, io: Io): unknown {
  const raw = readText(file, io);
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const name = file === '-' ? 'standard input' : file;
  if (text.trim() === '') throw new CliError(`${name} is empty; expected JSON`, EXIT_INVALID);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const where = locateJsonError(text);
    if (where)
      throw new CliError(
        `${name}:${where.line}:${where.column}: invalid JSON: ${where.message}`,
        EXIT_INVALID,
      );
    throw new CliError(
      `${name}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
      EXIT_INVALID,
    );
  }
}
