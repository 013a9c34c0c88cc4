import type { SimulationResult } from '@crosswind/schema';

/** 1234567 -> "1.23M", 0.0398 -> "0.0398": short numbers for a terminal table. */
function short(value: number): string {
  const abs = Math.abs(value);
  if (!Number.isFinite(value)) return String(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 1) return value.toFixed(2);
  return value === 0 ? '0' : value.toPrecision(3);
}

function pct(p: number): string {
  return `${(100 * p).toFixed(1)}%`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * A short human summary of a result for the terminal: per strategy the total cost band, cost
 * per solved task, unserved tasks, forced migrations and the budget check, then how often each
 * strategy is cheaper than each other one in the same sampled worlds.
 * @example
 * process.stdout.write(summaryTable(result, 'June 2026'));
 */
export function summaryTable(result: SimulationResult, title: string): string {
  const head = `${title}: ${result.runs.toLocaleString('en-US')} runs, seed ${String(result.seed)}, ${result.months[0] ?? ''}..${result.months.at(-1) ?? ''}, engine ${result.engineVersion}`;
  const rows: string[][] = [
    [
      'strategy',
      'cost P5',
      'P50',
      'P95',
      'CVaR95',
      'USD/solved task',
      'unserved tasks',
      'forced moves',
      'P(over budget)',
    ],
  ];
  for (const s of result.strategies) {
    const t = s.totals;
    rows.push([
      s.id,
      short(t.totalCostUsd.p5),
      short(t.totalCostUsd.p50),
      short(t.totalCostUsd.p95),
      short(t.totalCostUsd.cvar95),
      short(t.costPerSuccessUsd.p50),
      short(t.unservedTasks.mean),
      t.forcedMigrations.mean.toFixed(2),
      s.budget ? `${pct(s.budget.pOverBudget)} of ${short(s.budget.budgetUsd)}` : '-',
    ]);
  }
  const ids = result.strategies.map((s) => s.id);
  const pairRows: string[][] = [['P(row cheaper than column)', ...ids]];
  for (const a of ids) {
    pairRows.push([
      a,
      ...ids.map((b) => {
        if (a === b) return '-';
        const direct = result.pairwise.find((p) => p.a === a && p.b === b);
        if (direct) return pct(direct.pACheaper);
        const reverse = result.pairwise.find((p) => p.a === b && p.b === a);
        return reverse ? pct(1 - reverse.pACheaper) : '?';
      }),
    ]);
  }
  return `${head}\ncosts in USD over the horizon; unserved tasks and forced moves are means per run\n\n${table(rows)}\n\n${table(pairRows)}\n`;
}
