/** Exit codes: 0 success, 1 the input is wrong (invalid scenario, bad JSON, engine error), 2 usage. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/**
 * An expected failure at the edge of the program: printed as one clear message (never a stack
 * trace) and turned into an exit code by `runCli`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_INVALID,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A bad command line: exit code 2. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}
