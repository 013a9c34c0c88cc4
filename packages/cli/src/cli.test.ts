import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateScenario } from '@crosswind/schema';
import { beforeAll, describe, expect, it } from 'vitest';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));
const main = join(packagesDir, 'cli', 'dist', 'main.js');
const work = mkdtempSync(join(tmpdir(), 'crosswind-cli-'));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const m = entry.isDirectory()
      ? newestMtime(path)
      : entry.name.endsWith('.test.ts')
        ? 0
        : statSync(path).mtimeMs;
    newest = Math.max(newest, m);
  }
  return newest;
}

/** Builds the CLI and the packages it runs on when their dist is missing or older than src. */
function ensureBuilt(): void {
  for (const pkg of ['schema', 'engine', 'catalog', 'presets', 'cli']) {
    const dist = join(packagesDir, pkg, 'dist');
    const stale =
      !existsSync(dist) || newestMtime(join(packagesDir, pkg, 'src')) > newestMtime(dist);
    if (stale)
      execFileSync(
        process.execPath,
        [tscPath(), '-p', join(packagesDir, pkg, 'tsconfig.build.json')],
        { stdio: 'inherit' },
      );
  }
}

function tscPath(): string {
  return fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input?: string): Run {
  const r = spawnSync(process.execPath, [main, ...args], {
    cwd: work,
    encoding: 'utf8',
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  ensureBuilt();
}, 180_000);

describe('crosswind CLI: information commands', () => {
  it('--version prints the CLI and engine versions', () => {
    const r = cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^crosswind \d+\.\d+\.\d+ \(engine \d+\.\d+\.\d+\)\n$/);
  });

  it('--help lists every command; per-command help shows options', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['simulate', 'validate', 'presets', 'schema', 'catalog', 'import-prices'])
      expect(r.stdout).toContain(c);
    const s = cli(['simulate', '--help']);
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('--threads');
    expect(cli(['help', 'validate']).stdout).toContain('Usage: crosswind validate');
  });

  it('presets lists id, name and question; presets show prints a valid scenario', () => {
    const r = cli(['presets']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^june-2026\s+June 2026/);
    expect(r.stdout).toContain('pure-cost');
    expect(r.stdout).toContain('eu-sovereignty');
    const show = cli(['presets', 'show', 'eu-sovereignty']);
    expect(show.code).toBe(0);
    expect(validateScenario(JSON.parse(show.stdout)).ok).toBe(true);
  });

  it('catalog lists the bundled offers with the snapshot date; --json gives the templates', () => {
    const r = cli(['catalog']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^48 offers from LiteLLM .*snapshot 2026-07-24/);
    expect(r.stdout).toMatch(
      /\nglm-5\.2-fireworks +Zhipu \(CN\) +Fireworks AI \(US\) +1\.4 +4\.4 +yes +general 51\.1, coding 68\.8\n/,
    );
    const json = JSON.parse(cli(['catalog', '--json']).stdout) as {
      snapshotDate: string;
      offers: unknown[];
    };
    expect(json.snapshotDate).toBe('2026-07-24');
    expect(json.offers).toHaveLength(48);
  });

  it('schema prints the JSON Schema', () => {
    const r = cli(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(schema['$id']).toBe('https://crosswind.dev/schema/scenario-v1.json');
    expect(schema['type']).toBe('object');
  });
});

describe('crosswind validate', () => {
  const june = cli(['presets', 'show', 'june-2026']).stdout;

  it('says valid and exits 0 for a good file, also from standard input', () => {
    writeFileSync(join(work, 'june.json'), june);
    const r = cli(['validate', 'june.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid: june\.json \(8 offers, 3 workloads/);
    expect(cli(['validate', '-'], june).code).toBe(0);
  });

  it('warns on standard error about a shock whose scope matches no offer, and exits 0', () => {
    const s = JSON.parse(june) as { world: { shocks: unknown[] } };
    s.world.shocks.push({
      id: 'eu-ban',
      kind: 'ban',
      scope: { labJurisdictions: ['EU'] },
      timing: { atMonth: 1 },
    });
    writeFileSync(join(work, 'warn.json'), JSON.stringify(s));
    const r = cli(['validate', 'warn.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid: warn\.json/);
    expect(r.stderr).toBe(
      `warning: world.shocks[${s.world.shocks.length - 1}].scope: matches no offer, so the shock "eu-ban" changes nothing\n`,
    );
  });

  it('lists every problem as `path: message` and exits 1', () => {
    const s = JSON.parse(june) as {
      world: { regions: { demandShare: number }[] };
      strategies: { routes: { fallbacks: string[] }[] }[];
    };
    const region = s.world.regions[0];
    const route = s.strategies[1]?.routes[0];
    if (!region || !route) throw new Error('unexpected preset shape');
    region.demandShare = 0.3;
    route.fallbacks = ['glm-5.3-selfhost'];
    writeFileSync(join(work, 'invalid.json'), JSON.stringify(s));
    const r = cli(['validate', 'invalid.json']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('invalid.json: 2 problems');
    expect(lines.slice(1).sort()).toEqual([
      'strategies[1].routes[0].fallbacks[0]: unknown offer "glm-5.3-selfhost"; known: "fable-5", "gpt-5.5", "gemini-3.1-pro", "glm-5.2-zai", "glm-5.2-us-host", "deepseek-v4-pro", "kimi-k2.6", "glm-5.2-selfhost"',
      'world.regions: region demand shares must add up to 1 (they add up to 1.0500)',
    ]);
  });

  it('also reports what only the engine checks: formulas outside the sandbox', () => {
    const s = JSON.parse(june) as { world: { offers: Record<string, unknown>[] } };
    const offer = s.world.offers[1];
    if (!offer) throw new Error('unexpected preset shape');
    offer['pricePath'] = { type: 'formula', formula: 'evaluate("1+1")' };
    writeFileSync(join(work, 'formula.json'), JSON.stringify(s));
    const r = cli(['validate', 'formula.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^formula\.json: 1 problem\nworld\.offers\[1\]\.pricePath\.formula: .*evaluate/,
    );
  });

  it('names the file, line and column of bad JSON, without a stack trace', () => {
    writeFileSync(
      join(work, 'bad.json'),
      '{\n  "schemaVersion": 1,\n  "world": { "offers": [ }\n}\n',
    );
    const r = cli(['validate', 'bad.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('bad.json:3:26: invalid JSON: expected a value, found "}"\n');
    writeFileSync(join(work, 'empty.json'), '  \n');
    expect(cli(['validate', 'empty.json']).stderr).toBe('empty.json is empty; expected JSON\n');
  });

  it('reports an unreadable file with exit 2', () => {
    const r = cli(['validate', 'missing.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cannot read missing.json: no such file\n');
    expect(cli(['validate', '.']).stderr).toBe('cannot read .: it is a directory, not a file\n');
  });
});

describe('crosswind: bad command lines exit 2 with one clear line', () => {
  it.each([
    [
      ['simulate', '--preset', 'june-2026', '--runs', '-5'],
      '--runs must be a whole number from 1 to 1000000, got "-5"',
    ],
    [
      ['simulate', '--preset', 'june-2026', '--runs', 'abc'],
      '--runs must be a whole number from 1 to 1000000, got "abc"',
    ],
    [
      ['simulate', '--preset', 'june-2026', '--runs', '2.5'],
      '--runs must be a whole number from 1 to 1000000, got "2.5"',
    ],
    [
      ['simulate', '--preset', 'june-2026', '--format', 'xml'],
      '--format must be one of json, csv, table, got "xml"',
    ],
    [
      ['simulate', '--preset', 'june-2026', '--threads', '0'],
      '--threads must be a whole number from 1 to 64, got "0"',
    ],
    [
      ['simulate', '--preset', 'nope'],
      '--preset must be one of june-2026, pure-cost, eu-sovereignty, got "nope"',
    ],
    [
      ['simulate', '--preset', 'june-2026', '--bogus'],
      'crosswind simulate: unknown option --bogus; allowed: --preset, --runs',
    ],
    [['simulate', '--preset', 'june-2026', '--runs'], 'crosswind simulate: --runs needs a value'],
    [['simulate'], 'crosswind simulate: missing scenario file (or --preset NAME)'],
    [
      ['simulate', 'a.json', '--preset', 'june-2026'],
      'crosswind simulate: give a scenario file or --preset, not both',
    ],
    [['frobnicate'], 'crosswind: unknown command "frobnicate"; commands: simulate, validate'],
    [['--frobnicate'], 'crosswind: unknown option "--frobnicate"'],
    [
      ['presets', 'show', 'nope'],
      'crosswind presets show: unknown preset "nope"; one of june-2026',
    ],
    [['import-prices', 'x.json', '--models', ' , '], '--models must list at least one LiteLLM key'],
  ])('%j', (args, message) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(message), r.stderr).toBe(true);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
});

describe('crosswind simulate', () => {
  it('prints the full result as JSON, with --runs and --seed applied, and nothing on stderr', () => {
    const r = cli(['simulate', '--preset', 'june-2026', '--runs', '300', '--seed', '7']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout) as {
      runs: number;
      seed: number;
      strategies: { id: string }[];
      engineVersion: string;
    };
    expect(result.runs).toBe(300);
    expect(result.seed).toBe(7);
    expect(result.strategies.map((s) => s.id)).toEqual([
      'incumbent',
      'hedge',
      'open-default',
      'cn-api-only',
    ]);
  });

  it('--threads does not change a byte of the output (1 vs 2 vs 3 threads, uneven shards)', () => {
    const args = ['simulate', '--preset', 'june-2026', '--runs', '501', '--seed', 'threads-check'];
    const one = cli([...args, '--threads', '1']);
    const two = cli([...args, '--threads', '2']);
    const three = cli([...args, '--threads', '3']);
    expect(one.code).toBe(0);
    expect(one.stdout.length).toBeGreaterThan(1000);
    expect(two.stdout).toBe(one.stdout);
    expect(three.stdout).toBe(one.stdout);
  }, 120_000);

  it('is deterministic across invocations and writes --out files', () => {
    const r = cli(['simulate', '--preset', 'pure-cost', '--runs', '200', '--out', 'pure.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('wrote pure.json\n');
    const again = cli(['simulate', '--preset', 'pure-cost', '--runs', '200']);
    expect(again.stdout).toBe(readFileSync(join(work, 'pure.json'), 'utf8'));
  });

  it('writes CSV summary and per-month files that agree with the JSON', () => {
    const args = ['simulate', '--preset', 'june-2026', '--runs', '200', '--seed', '11'];
    const json = JSON.parse(cli(args).stdout) as {
      months: string[];
      strategies: {
        id: string;
        totals: { totalCostUsd: { p50: number } };
        monthly: { costUsd: { p95: number[] } };
      }[];
    };
    const r = cli([...args, '--format', 'csv', '--out', 'june.csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('wrote june.csv and june.monthly.csv\n');
    const summary = readFileSync(join(work, 'june.csv'), 'utf8').trim().split('\n');
    expect(summary[0]).toBe('strategy,metric,statistic,value');
    const first = json.strategies[0];
    if (!first) throw new Error('no strategies');
    expect(summary).toContain(`${first.id},totalCostUsd,p50,${first.totals.totalCostUsd.p50}`);
    const monthly = readFileSync(join(work, 'june.monthly.csv'), 'utf8').trim().split('\n');
    expect(monthly[0]).toBe('strategy,month,metric,statistic,value');
    expect(monthly).toContain(
      `${first.id},${json.months[3]},costUsd,p95,${first.monthly.costUsd.p95[3]}`,
    );
    for (const line of [...summary.slice(1), ...monthly.slice(1)])
      expect(Number.isNaN(Number(line.split(',').at(-1))), line).toBe(false);
  });

  it('CSV cells never start a spreadsheet formula, whatever the scenario names; numbers stay numbers', () => {
    const s = JSON.parse(cli(['presets', 'show', 'june-2026']).stdout) as {
      name: string;
      world: { offers: { name: string }[] };
      strategies: { name: string }[];
    };
    const hostile = ['=HYPERLINK("http://evil.example/","x")', '@SUM(1)', '+1', '-1+2'];
    s.name = hostile[0] ?? '';
    s.world.offers.forEach((o, i) => (o.name = `${hostile[i % hostile.length] ?? ''} offer ${i}`));
    s.strategies.forEach((st, i) => (st.name = hostile[i % hostile.length] ?? ''));
    writeFileSync(join(work, 'formula-names.json'), JSON.stringify(s));
    const r = cli([
      'simulate',
      'formula-names.json',
      '--runs',
      '50',
      '--format',
      'csv',
      '--out',
      'formula-names.csv',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const problems: string[] = [];
    let negatives = 0;
    for (const file of ['formula-names.csv', 'formula-names.monthly.csv']) {
      for (const line of readFileSync(join(work, file), 'utf8').trim().split('\n')) {
        for (const cell of line.split(',')) {
          const bare = cell.replace(/^"/, '');
          if (/^-\d/.test(bare) && Number.isFinite(Number(bare))) negatives++;
          else if (/^[=+\-@\t\r]/.test(bare)) problems.push(`${file}: ${line}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(negatives, 'negative numbers are written as numbers').toBeGreaterThan(0);
  });

  it('CSV to standard output explains how to get the per-month file', () => {
    const r = cli(['simulate', '--preset', 'pure-cost', '--runs', '50', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('strategy,metric,statistic,value\n')).toBe(true);
    expect(r.stderr).toContain('--out-monthly');
  });

  it('--format table prints a short summary per strategy and the pairwise comparison', () => {
    const r = cli(['simulate', '--preset', 'june-2026', '--runs', '200', '--format', 'table']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^June 2026: .* \(preset june-2026\): 200 runs, seed 2026, 2026-06\.\.2028-05, engine /,
    );
    for (const id of ['incumbent', 'hedge', 'open-default', 'cn-api-only']) {
      expect(lines.filter((l) => l.startsWith(`${id} `))).toHaveLength(2);
    }
  });

  it('refuses an invalid scenario file with every problem and exit 1', () => {
    writeFileSync(join(work, 'tiny-invalid.json'), JSON.stringify({ schemaVersion: 1, name: 'x' }));
    const r = cli(['simulate', 'tiny-invalid.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tiny-invalid\.json: invalid scenario \(2 problems\):\nworld: /);
    expect(r.stdout).toBe('');
  });
});

describe('crosswind import-prices', () => {
  const prices = {
    sample_spec: { mode: 'one of: chat, embedding' },
    'gpt-5.5': {
      litellm_provider: 'openai',
      mode: 'chat',
      input_cost_per_token: 0.000005,
      output_cost_per_token: 0.00003,
    },
    'deepseek/deepseek-v4-pro': {
      litellm_provider: 'deepseek',
      mode: 'chat',
      input_cost_per_token: 4.35e-7,
      output_cost_per_token: 8.7e-7,
    },
    'text-embedding-3-large': {
      litellm_provider: 'openai',
      mode: 'embedding',
      input_cost_per_token: 1.3e-7,
    },
    'dashscope/qwen3-max': { litellm_provider: 'dashscope', mode: 'chat' },
  };

  it('prints offers in USD per million tokens and a summary of what it skipped', () => {
    writeFileSync(join(work, 'prices.json'), JSON.stringify(prices));
    const r = cli(['import-prices', 'prices.json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      offers: { id: string; priceUsdPerMTokens: { input: number; output: number } }[];
    };
    expect(out.offers.map((o) => [o.id, o.priceUsdPerMTokens])).toEqual([
      ['gpt-5.5', { input: 5, output: 30 }],
      ['deepseek-v4-pro', { input: 0.435, output: 0.87 }],
    ]);
    expect(r.stderr).toContain('imported 2 offers from prices.json');
    expect(r.stderr).toContain('1 non-chat');
    expect(r.stderr).toContain('1 without input/output prices');
  });

  it('--models selects keys and a missing key is an error (exit 1)', () => {
    const r = cli([
      'import-prices',
      'prices.json',
      '--models',
      'deepseek/deepseek-v4-pro,no/such',
      '--out',
      'offers.json',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('3 not selected');
    expect(r.stderr).toContain('no/such: not found in the price file');
    const out = JSON.parse(readFileSync(join(work, 'offers.json'), 'utf8')) as {
      offers: { id: string }[];
    };
    expect(out.offers.map((o) => o.id)).toEqual(['deepseek-v4-pro']);
  });

  it('explains a file that is not in LiteLLM format', () => {
    writeFileSync(join(work, 'list.json'), '[1, 2]');
    const r = cli(['import-prices', 'list.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'list.json: expected a JSON object mapping model names to price entries (LiteLLM format), got an array\n',
    );
  });
});
