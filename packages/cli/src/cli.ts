import { EXIT_OK, EXIT_USAGE, CliError } from './errors.js';
import {
  catalogCommand,
  importPricesCommand,
  presetsCommand,
  schemaCommand,
  simulateCommand,
  validateCommand,
  versionText,
} from './commands.js';
import { COMMANDS, commandHelp, mainHelp } from './help.js';
import type { Io } from './io.js';

type Command = (args: readonly string[], io: Io) => number | Promise<number>;

const HANDLERS: Readonly<Record<string, Command>> = {
  simulate: simulateCommand,
  validate: validateCommand,
  presets: presetsCommand,
  schema: schemaCommand,
  catalog: catalogCommand,
  'import-prices': importPricesCommand,
};

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit code. Expected
 * failures (bad flags, unreadable or invalid files) print one clear message, never a stack trace.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2), nodeIo());
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === '--help' || first === '-h') {
      io.stdout(mainHelp());
      return first === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (first === '--version' || first === '-v' || first === 'version') {
      io.stdout(await versionText());
      return EXIT_OK;
    }
    if (first === 'help') {
      const name = rest[0];
      const help = name === undefined ? undefined : COMMANDS[name];
      if (name !== undefined && !help) throw unknownCommand(name);
      io.stdout(name !== undefined && help ? commandHelp(help) : mainHelp());
      return EXIT_OK;
    }
    const handler = HANDLERS[first];
    if (!handler) throw unknownCommand(first);
    return await handler(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

function unknownCommand(name: string): CliError {
  const what = name.startsWith('-') ? 'option' : 'command';
  return new CliError(
    `crosswind: unknown ${what} "${name}"; commands: ${Object.keys(COMMANDS).join(', ')} (see crosswind --help)`,
    EXIT_USAGE,
  );
}
