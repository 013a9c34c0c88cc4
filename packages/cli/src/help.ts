import type { OptionSpec, OptionSpecs } from './args.js';

export interface CommandHelp {
  usage: string;
  summary: string;
  options: OptionSpecs;
  examples: string[];
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h', hint: 'show this help' } } as const;

export const SIMULATE_OPTIONS: OptionSpecs = {
  preset: {
    type: 'string',
    value: 'NAME',
    hint: 'simulate a bundled preset instead of a file (see `crosswind presets`)',
  },
  runs: {
    type: 'string',
    value: 'N',
    hint: "number of runs, 1..1000000 (default: the scenario's simulation.runs)",
  },
  seed: {
    type: 'string',
    value: 'S',
    hint: "master seed, a whole number or a text (default: the scenario's simulation.seed)",
  },
  threads: {
    type: 'string',
    value: 'K',
    hint: 'worker threads, 1..64 (default 1); does not change the result',
  },
  format: {
    type: 'string',
    value: 'json|csv|table',
    hint: 'json (default, the full result), csv (summary + per-month files) or table (a short summary to read)',
  },
  out: { type: 'string', short: 'o', hint: 'write the result to FILE instead of standard output' },
  'out-monthly': {
    type: 'string',
    hint: 'CSV only: the per-month file (default: FILE.monthly.csv next to --out)',
  },
  quiet: { type: 'boolean', short: 'q', hint: 'no progress line' },
  ...HELP_OPTION,
};

export const VALIDATE_OPTIONS: OptionSpecs = { ...HELP_OPTION };
export const PRESETS_OPTIONS: OptionSpecs = { ...HELP_OPTION };
export const SCHEMA_OPTIONS: OptionSpecs = {
  out: { type: 'string', short: 'o', hint: 'write the JSON Schema to FILE' },
  ...HELP_OPTION,
};
export const CATALOG_OPTIONS: OptionSpecs = {
  json: {
    type: 'boolean',
    hint: 'print the catalogue as JSON (offer templates) instead of a table',
  },
  ...HELP_OPTION,
};
export const IMPORT_OPTIONS: OptionSpecs = {
  models: {
    type: 'string',
    value: 'a,b,...',
    hint: 'comma-separated LiteLLM keys to import, e.g. gpt-5.5,fireworks_ai/glm-5p2',
  },
  out: {
    type: 'string',
    short: 'o',
    hint: 'write the offers JSON to FILE instead of standard output',
  },
  ...HELP_OPTION,
};

export const COMMANDS: Readonly<Record<string, CommandHelp>> = {
  simulate: {
    usage: 'crosswind simulate <scenario.json> | --preset NAME [options]',
    summary:
      'Run the Monte Carlo simulation and print the result (JSON, or CSV summary + per-month CSV).',
    options: SIMULATE_OPTIONS,
    examples: [
      'crosswind simulate --preset june-2026 --format table',
      'crosswind simulate --preset june-2026 --runs 10000 --seed 7 > result.json',
      'crosswind simulate my-scenario.json --threads 2 --format csv --out runs/my.csv   # also runs/my.monthly.csv',
    ],
  },
  validate: {
    usage: 'crosswind validate <scenario.json>',
    summary:
      'Check a scenario file: prints "valid" (exit 0) or every problem as `path: message` (exit 1).',
    options: VALIDATE_OPTIONS,
    examples: [
      'crosswind validate my-scenario.json',
      'cat my-scenario.json | crosswind validate -',
    ],
  },
  presets: {
    usage: 'crosswind presets [show NAME]',
    summary: 'List the bundled presets, or print one as scenario JSON to start your own from.',
    options: PRESETS_OPTIONS,
    examples: ['crosswind presets', 'crosswind presets show eu-sovereignty > eu.json'],
  },
  schema: {
    usage: 'crosswind schema [--out FILE]',
    summary: 'Print the JSON Schema of a scenario (for editors and other languages).',
    options: SCHEMA_OPTIONS,
    examples: ['crosswind schema > scenario.schema.json'],
  },
  catalog: {
    usage: 'crosswind catalog [--json]',
    summary: 'List the bundled price catalogue (USD per million tokens) and its snapshot date.',
    options: CATALOG_OPTIONS,
    examples: ['crosswind catalog', 'crosswind catalog --json > catalog.json'],
  },
  'import-prices': {
    usage: 'crosswind import-prices <litellm.json> [--models a,b,...] [--out FILE]',
    summary:
      'Turn a LiteLLM-format price file (USD per token) into offer templates (USD per million tokens).',
    options: IMPORT_OPTIONS,
    examples: [
      'crosswind import-prices model_prices_and_context_window.json --models gpt-5.5,fireworks_ai/glm-5p2',
      'crosswind import-prices prices.json --out offers.json',
    ],
  },
};

/** Help for one command: usage, options with hints, examples. */
export function commandHelp(help: CommandHelp): string {
  const width = Math.max(...Object.entries(help.options).map(([n, s]) => flagLabel(n, s).length));
  const options = Object.entries(help.options)
    .map(([n, s]) => `  ${flagLabel(n, s).padEnd(width)}  ${s.hint}`)
    .join('\n');
  return `Usage: ${help.usage}\n\n${help.summary}\n\nOptions:\n${options}\n\nExamples:\n${help.examples.map((e) => `  ${e}`).join('\n')}\n`;
}

function flagLabel(name: string, spec: OptionSpec): string {
  const value = spec.type === 'string' ? ` ${spec.value ?? 'FILE'}` : '';
  return `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${name}${value}`;
}

/** The top-level help. */
export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const commands = Object.entries(COMMANDS)
    .map(([name, h]) => `  ${name.padEnd(width)}  ${h.summary}`)
    .join('\n');
  return `Crosswind: Monte Carlo scenarios for AI procurement (cost, quality and availability under bans, outages and price moves).

Usage: crosswind <command> [options]

Commands:
${commands}

Options:
  -h, --help     help (also: crosswind <command> --help, crosswind help <command>)
  -v, --version  print the CLI and engine versions

Exit codes: 0 success, 1 invalid input (scenario, JSON, engine error), 2 bad command line or unreadable file.
Same scenario + seed + runs + engine version => byte-identical results, with any --threads.
`;
}
