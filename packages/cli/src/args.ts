import { parseArgs } from 'node:util';
import { usageError } from './errors.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** shown in per-command help and in "allowed" lists */
  hint: string;
  /** name of the value in help, e.g. `N` in `--runs N` */
  value?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * `node:util` parseArgs with one-line errors: an unknown flag names itself and lists what the
 * command allows; `--runs -5` is read as a value (so the range check can explain it) rather
 * than as an ambiguous flag.
 * @example
 * parseCommandArgs('simulate', ['x.json', '--runs', '100'], specs);
 */
export function parseCommandArgs(
  command: string,
  args: readonly string[],
  specs: OptionSpecs,
): ParsedArgs {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (
      name !== undefined &&
      specs[name]?.type === 'string' &&
      next !== undefined &&
      /^-\d/.test(next)
    ) {
      joined.push(`${arg}=${next}`);
      i += 1;
    } else {
      joined.push(arg);
    }
  }
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] =
      spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short };
  }
  const allowed = Object.keys(specs)
    .map((n) => `--${n}`)
    .join(', ');
  try {
    const parsed = parseArgs({ args: joined, options, allowPositionals: true, strict: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'([^']+)'/.exec(message)?.[1] ?? 'option';
      throw usageError(`crosswind ${command}: unknown option ${flag}; allowed: ${allowed}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /'(--?[a-z-]+)/.exec(message)?.[1] ?? 'an option';
      const spec = specs[flag.replace(/^-+/, '')];
      if (spec?.type === 'boolean')
        throw usageError(`crosswind ${command}: ${flag} takes no value`);
      throw usageError(
        `crosswind ${command}: ${flag} needs a value: ${spec?.hint ?? ''}`.trimEnd(),
      );
    }
    throw usageError(`crosswind ${command}: ${message.split('\n')[0] ?? message}`);
  }
}

/**
 * A whole number flag within bounds, or a usage error naming the flag and the range.
 * @example
 * intFlag('--runs', '100', 1, 1_000_000); // 100
 */
export function intFlag(flag: string, raw: string, min: number, max: number): number {
  const value = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw usageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * One of a fixed set of words, or a usage error listing them.
 * @example
 * choiceFlag('--format', 'csv', ['json', 'csv']); // 'csv'
 */
export function choiceFlag<T extends string>(flag: string, raw: string, choices: readonly T[]): T {
  const found = choices.find((c) => c === raw);
  if (found === undefined) {
    throw usageError(`${flag} must be one of ${choices.join(', ')}, got "${raw}"`);
  }
  return found;
}

/**
 * A seed: a whole number 0..2^53-1, or any other text of 1 to 64 characters (used as given).
 * @example
 * seedFlag('42'); // 42
 * seedFlag('q3-review'); // 'q3-review'
 */
export function seedFlag(raw: string): number | string {
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (Number.isSafeInteger(n)) return n;
  }
  if (raw.length < 1 || raw.length > 64 || /^-\d/.test(raw)) {
    throw usageError(
      `--seed must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER} or a text of 1 to 64 characters, got "${raw}"`,
    );
  }
  return raw;
}
