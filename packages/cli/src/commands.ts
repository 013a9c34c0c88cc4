import { readFileSync, writeFileSync } from 'node:fs';
import { catalog, catalogSnapshotDate, catalogSource, importLiteLLM } from '@crosswind/catalog';
import type * as Engine from '@crosswind/engine';
import { getPreset, presets } from '@crosswind/presets';
import {
  MAX_RUNS,
  issuesToText,
  scenarioJsonSchema,
  loadScenario,
  type SimulationResult,
} from '@crosswind/schema';
import { choiceFlag, intFlag, parseCommandArgs, seedFlag } from './args.js';
import { monthlyCsv, monthlyPathFor, summaryCsv } from './csv.js';
import { CliError, EXIT_INVALID, EXIT_OK, usageError } from './errors.js';
import {
  CATALOG_OPTIONS,
  COMMANDS,
  IMPORT_OPTIONS,
  PRESETS_OPTIONS,
  SCHEMA_OPTIONS,
  SIMULATE_OPTIONS,
  VALIDATE_OPTIONS,
  commandHelp,
} from './help.js';
import type { Io } from './io.js';
import { readJsonFile } from './load.js';
import { ProgressLine } from './progress.js';
import { summaryTable } from './table.js';

const MAX_THREADS = 64;

// The engine (and mathjs inside it) takes most of a second to load, so only the commands that
// simulate load it; validate, presets, schema and import-prices start fast.
function loadEngine(): Promise<typeof Engine> {
  return import('@crosswind/engine');
}

function helpFor(name: string): string {
  const h = COMMANDS[name];
  return h ? commandHelp(h) : '';
}

function writeOutput(file: string | undefined, text: string, io: Io): void {
  if (file === undefined) {
    io.stdout(text);
    return;
  }
  try {
    writeFileSync(file, text);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const reason =
      code === 'ENOENT'
        ? 'its folder does not exist'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : error instanceof Error
              ? error.message
              : String(error);
    throw new CliError(`cannot write ${file}: ${reason}`, EXIT_INVALID);
  }
}

function onePositional(command: string, positionals: readonly string[], what: string): string {
  if (positionals.length === 0)
    throw usageError(`crosswind ${command}: missing ${what} (see crosswind ${command} --help)`);
  if (positionals.length > 1)
    throw usageError(
      `crosswind ${command}: expected one ${what}, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  return positionals[0] ?? '';
}

function engineErrorsText(errors: readonly Engine.EngineError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}

/** `crosswind simulate` */
export async function simulateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('simulate', args, SIMULATE_OPTIONS);
  if (values['help'] === true) {
    io.stdout(helpFor('simulate'));
    return EXIT_OK;
  }
  const str = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  const format = choiceFlag('--format', str('format') ?? 'json', ['json', 'csv', 'table'] as const);
  const runsFlag = str('runs');
  const seedRaw = str('seed');
  const runsOverride =
    runsFlag === undefined ? undefined : intFlag('--runs', runsFlag, 1, MAX_RUNS);
  const seedOverride = seedRaw === undefined ? undefined : seedFlag(seedRaw);
  const threadsFlag = str('threads');
  const threads = threadsFlag === undefined ? 1 : intFlag('--threads', threadsFlag, 1, MAX_THREADS);
  const out = str('out');
  const outMonthly = str('out-monthly');
  if (outMonthly !== undefined && format !== 'csv')
    throw usageError('--out-monthly is for --format csv only');

  const presetName = str('preset');
  let input: unknown;
  let label: string;
  if (presetName !== undefined) {
    if (positionals.length > 0)
      throw usageError(
        `crosswind simulate: give a scenario file or --preset, not both (got ${positionals.join(' ')})`,
      );
    const preset = getPreset(presetName);
    if (!preset)
      throw usageError(
        `--preset must be one of ${presets.map((p) => p.id).join(', ')}, got "${presetName}"`,
      );
    input = preset.scenario;
    label = `preset ${preset.id}`;
  } else {
    const file = onePositional('simulate', positionals, 'scenario file (or --preset NAME)');
    input = readJsonFile(file, io);
    label = file;
  }
  const v = loadScenario(input);
  if (!v.ok) {
    io.stderr(
      `${label}: invalid scenario (${v.issues.length} problem${v.issues.length === 1 ? '' : 's'}):\n${issuesToText(v.issues)}\n`,
    );
    return EXIT_INVALID;
  }
  const scenario = v.scenario;
  const runs = runsOverride ?? scenario.simulation.runs;
  const seed = seedOverride ?? scenario.simulation.seed;

  const progress = new ProgressLine(
    io,
    `simulating ${label}`,
    io.stderrIsTTY && values['quiet'] !== true,
  );
  const onProgress = (done: number, total: number): void => {
    progress.update(done, total);
  };
  let result: SimulationResult;
  try {
    const r =
      threads === 1
        ? (await loadEngine()).simulate(scenario, { seed, runs, onProgress })
        : await (
            await import('./threads.js')
          ).simulateInThreads(scenario, { seed, runs, threads, onProgress });
    if (!r.ok) {
      io.stderr(`${label}: the engine rejected the scenario:\n${engineErrorsText(r.errors)}\n`);
      return EXIT_INVALID;
    }
    result = r.value;
  } finally {
    progress.finish();
  }

  if (format === 'table') {
    writeOutput(
      out,
      summaryTable(
        result,
        presetName === undefined ? scenario.name : `${scenario.name} (preset ${presetName})`,
      ),
      io,
    );
    return EXIT_OK;
  }
  if (format === 'json') {
    writeOutput(out, `${JSON.stringify(result, null, 2)}\n`, io);
    if (out !== undefined) io.stderr(`wrote ${out}\n`);
    return EXIT_OK;
  }
  writeOutput(out, summaryCsv(result), io);
  const monthlyFile = outMonthly ?? (out === undefined ? undefined : monthlyPathFor(out));
  if (monthlyFile === undefined) {
    io.stderr(
      'note: the per-month CSV was not written; pass --out FILE (it goes to FILE.monthly.csv) or --out-monthly FILE\n',
    );
  } else {
    writeOutput(monthlyFile, monthlyCsv(result), io);
  }
  if (out !== undefined || monthlyFile !== undefined) {
    io.stderr(`wrote ${[out, monthlyFile].filter((f) => f !== undefined).join(' and ')}\n`);
  }
  return EXIT_OK;
}

/** `crosswind validate`: the schema's checks, then the engine's (formulas compile in its sandbox). */
export async function validateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('validate', args, VALIDATE_OPTIONS);
  if (values['help'] === true) {
    io.stdout(helpFor('validate'));
    return EXIT_OK;
  }
  const file = onePositional('validate', positionals, 'scenario file');
  const v = loadScenario(readJsonFile(file, io));
  const name = file === '-' ? 'standard input' : file;
  let problems = v.ok ? [] : v.issues;
  if (v.ok) {
    const prepared = (await loadEngine()).prepareScenario(v.scenario, v.scenario.simulation.seed);
    if (!prepared.ok) problems = prepared.errors;
  }
  if (v.ok && problems.length === 0) {
    const w = v.scenario.world;
    io.stdout(
      `valid: ${name} (${w.offers.length} offers, ${w.workloads.length} workloads, ${w.regions.length} regions, ${w.shocks.length} shocks, ${v.scenario.strategies.length} strategies, ${w.horizonMonths} months)\n`,
    );
    // Allowed but probably not meant: on standard error, without changing the exit code.
    for (const warning of v.warnings) io.stderr(`warning: ${warning.path}: ${warning.message}\n`);
    return EXIT_OK;
  }
  io.stdout(
    `${name}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${issuesToText(problems)}\n`,
  );
  return EXIT_INVALID;
}

/** `crosswind presets` and `crosswind presets show NAME` */
export function presetsCommand(args: readonly string[], io: Io): number {
  const { values, positionals } = parseCommandArgs('presets', args, PRESETS_OPTIONS);
  if (values['help'] === true) {
    io.stdout(helpFor('presets'));
    return EXIT_OK;
  }
  const [sub, name, ...rest] = positionals;
  if (sub === undefined || sub === 'list') {
    if (name !== undefined) throw usageError(`crosswind presets: unexpected "${name}"`);
    const width = Math.max(...presets.map((p) => p.id.length));
    for (const p of presets)
      io.stdout(`${p.id.padEnd(width)}  ${p.name}\n${' '.repeat(width)}  ${p.question}\n`);
    return EXIT_OK;
  }
  if (sub !== 'show')
    throw usageError(
      `crosswind presets: unknown subcommand "${sub}"; use: crosswind presets [show NAME]`,
    );
  if (name === undefined)
    throw usageError(
      `crosswind presets show: missing NAME; one of ${presets.map((p) => p.id).join(', ')}`,
    );
  if (rest.length > 0)
    throw usageError(`crosswind presets show: expected one NAME, got ${[name, ...rest].join(' ')}`);
  const preset = getPreset(name);
  if (!preset)
    throw usageError(
      `crosswind presets show: unknown preset "${name}"; one of ${presets.map((p) => p.id).join(', ')}`,
    );
  io.stdout(`${JSON.stringify(preset.scenario, null, 2)}\n`);
  return EXIT_OK;
}

/** `crosswind schema` */
export function schemaCommand(args: readonly string[], io: Io): number {
  const { values, positionals } = parseCommandArgs('schema', args, SCHEMA_OPTIONS);
  if (values['help'] === true) {
    io.stdout(helpFor('schema'));
    return EXIT_OK;
  }
  if (positionals.length > 0)
    throw usageError(`crosswind schema: unexpected "${positionals.join(' ')}"`);
  const out = values['out'];
  writeOutput(
    typeof out === 'string' ? out : undefined,
    `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`,
    io,
  );
  return EXIT_OK;
}

/** `crosswind catalog` */
export function catalogCommand(args: readonly string[], io: Io): number {
  const { values, positionals } = parseCommandArgs('catalog', args, CATALOG_OPTIONS);
  if (values['help'] === true) {
    io.stdout(helpFor('catalog'));
    return EXIT_OK;
  }
  if (positionals.length > 0)
    throw usageError(`crosswind catalog: unexpected "${positionals.join(' ')}"`);
  if (values['json'] === true) {
    io.stdout(
      `${JSON.stringify({ snapshotDate: catalogSnapshotDate, source: catalogSource, offers: catalog }, null, 2)}\n`,
    );
    return EXIT_OK;
  }
  const rows = [['id', 'lab (juris.)', 'host (juris.)', 'in $/M', 'out $/M', 'open', 'quality']];
  for (const o of catalog) {
    rows.push([
      o.id,
      `${o.lab} (${o.labJurisdiction})`,
      `${o.host} (${o.hostJurisdiction})`,
      String(o.priceUsdPerMTokens.input),
      String(o.priceUsdPerMTokens.output),
      o.openWeights ? 'yes' : 'no',
      o.quality
        ? Object.entries(o.quality)
            .map(([axis, q]) => `${axis} ${q}`)
            .join(', ')
        : '-',
    ]);
  }
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) =>
        c === 3 || c === 4 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
  io.stdout(
    `${catalog.length} offers from ${catalogSource}, snapshot ${catalogSnapshotDate}; quality only where bundled (docs/model.md section 9)\n\n${lines.join('\n')}\n`,
  );
  return EXIT_OK;
}

/** `crosswind import-prices` */
export function importPricesCommand(args: readonly string[], io: Io): number {
  const { values, positionals } = parseCommandArgs('import-prices', args, IMPORT_OPTIONS);
  if (values['help'] === true) {
    io.stdout(helpFor('import-prices'));
    return EXIT_OK;
  }
  const file = onePositional('import-prices', positionals, 'LiteLLM-format price file');
  const modelsRaw = values['models'];
  let models: string[] | undefined;
  if (typeof modelsRaw === 'string') {
    models = modelsRaw
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== '');
    if (models.length === 0)
      throw usageError(
        '--models must list at least one LiteLLM key, e.g. --models gpt-5.5,fireworks_ai/glm-5p2',
      );
  }
  const json = readJsonFile(file, io);
  const r = importLiteLLM(json, models === undefined ? {} : { models });
  const rootError = r.errors.find((e) => e.path === '(root)');
  if (rootError) throw new CliError(`${file}: ${rootError.message}`, EXIT_INVALID);
  const out = values['out'];
  writeOutput(
    typeof out === 'string' ? out : undefined,
    `${JSON.stringify({ source: file, offers: r.offers }, null, 2)}\n`,
    io,
  );
  const s = r.skipped;
  const needQuality = r.offers.filter((o) => o.quality === undefined).length;
  const needReview = r.offers.filter((o) => o.review.some((n) => !n.startsWith('quality'))).length;
  io.stderr(
    `imported ${r.offers.length} offer${r.offers.length === 1 ? '' : 's'} from ${file} (USD per million tokens)\n` +
      `skipped: ${s.nonChat} non-chat (embedding, image, audio, ...), ${s.noPrice} without input/output prices, ` +
      `${s.notSelected} not selected, ${s.duplicate} duplicates, ${s.metadata} format notes (sample_spec, ...)\n` +
      (needQuality > 0
        ? `${needQuality} offer${needQuality === 1 ? ' needs' : 's need'} quality before use in a scenario (see "review")\n`
        : '') +
      (needReview > 0
        ? `${needReview} offer${needReview === 1 ? ' has' : 's have'} an unknown provider or lab: check "review"\n`
        : ''),
  );
  if (r.errors.length > 0) {
    io.stderr(
      `${r.errors.length} problem${r.errors.length === 1 ? '' : 's'}:\n${r.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}\n`,
    );
    return EXIT_INVALID;
  }
  return EXIT_OK;
}

/** CLI version (this package) and engine version. */
export async function versionText(): Promise<string> {
  const { ENGINE_VERSION } = await loadEngine();
  let cli = 'unknown';
  try {
    const pkg: unknown = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    );
    if (
      typeof pkg === 'object' &&
      pkg !== null &&
      'version' in pkg &&
      typeof pkg.version === 'string'
    )
      cli = pkg.version;
  } catch {
    // The version line is informative; a missing package.json must not stop the CLI.
  }
  return `crosswind ${cli} (engine ${ENGINE_VERSION})\n`;
}
