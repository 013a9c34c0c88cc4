import { csvRow, type Bands, type SimulationResult, type Stats } from '@crosswind/schema';

const STAT_KEYS = [
  'mean',
  'sd',
  'min',
  'p5',
  'p25',
  'p50',
  'p75',
  'p95',
  'max',
  'cvar95',
] as const satisfies readonly (keyof Stats)[];
const BAND_KEYS = [
  'mean',
  'p5',
  'p25',
  'p50',
  'p75',
  'p95',
] as const satisfies readonly (keyof Bands)[];

// Fields go through the shared writer, which also neutralises spreadsheet formulas.
const row = csvRow;

/**
 * The summary as CSV: one row per strategy x metric x statistic (`strategy,metric,statistic,value`).
 * Besides the totals it holds mean cost by offer and jurisdiction, the budget check, and the
 * paired comparisons (`costDiffUsd vs <other>`, `pCheaper vs <other>`) on the first strategy's rows.
 * @example
 * writeFileSync('result.csv', summaryCsv(result));
 */
export function summaryCsv(result: SimulationResult): string {
  let out = row(['strategy', 'metric', 'statistic', 'value']);
  for (const s of result.strategies) {
    for (const [metric, stats] of Object.entries(s.totals)) {
      for (const k of STAT_KEYS) out += row([s.id, metric, k, stats[k]]);
    }
    for (const [offer, usd] of Object.entries(s.costByOfferMeanUsd))
      out += row([s.id, `costByOfferUsd.${offer}`, 'mean', usd]);
    for (const [j, usd] of Object.entries(s.costByJurisdictionMeanUsd))
      out += row([s.id, `costByJurisdictionUsd.${j}`, 'mean', usd]);
    if (s.budget) {
      out += row([s.id, 'budget', 'budgetUsd', s.budget.budgetUsd]);
      out += row([s.id, 'budget', 'pOverBudget', s.budget.pOverBudget]);
      out += row([s.id, 'budget', 'ci95Low', s.budget.ci95[0]]);
      out += row([s.id, 'budget', 'ci95High', s.budget.ci95[1]]);
    }
    for (const p of result.pairwise) {
      if (p.a !== s.id) continue;
      for (const k of STAT_KEYS) out += row([s.id, `costDiffUsd vs ${p.b}`, k, p.costDiffUsd[k]]);
      out += row([s.id, `pCheaper vs ${p.b}`, 'p', p.pACheaper]);
      out += row([s.id, `pCheaper vs ${p.b}`, 'ci95Low', p.pACheaperCi95[0]]);
      out += row([s.id, `pCheaper vs ${p.b}`, 'ci95High', p.pACheaperCi95[1]]);
    }
  }
  return out;
}

/**
 * Per-month bands as CSV: `strategy,month,metric,statistic,value`, month as YYYY-MM. Metrics:
 * costUsd, servedShare, unservedTasks, share.<offer> (bands) and forcedMigrations (mean).
 * @example
 * writeFileSync('result.monthly.csv', monthlyCsv(result));
 */
export function monthlyCsv(result: SimulationResult): string {
  let out = row(['strategy', 'month', 'metric', 'statistic', 'value']);
  for (const s of result.strategies) {
    const series: [string, Bands][] = [
      ['costUsd', s.monthly.costUsd],
      ['servedShare', s.monthly.servedShare],
      ['unservedTasks', s.monthly.unservedTasks],
      ...Object.entries(s.monthly.shareByOffer).map(([offer, b]): [string, Bands] => [
        `share.${offer}`,
        b,
      ]),
    ];
    result.months.forEach((month, t) => {
      for (const [metric, bands] of series) {
        for (const k of BAND_KEYS) out += row([s.id, month, metric, k, bands[k][t] ?? Number.NaN]);
      }
      out += row([
        s.id,
        month,
        'forcedMigrations',
        'mean',
        s.monthly.forcedMigrationsMean[t] ?? Number.NaN,
      ]);
    });
  }
  return out;
}

/**
 * The monthly file next to a summary file: `out.csv` -> `out.monthly.csv`, `out` -> `out.monthly.csv`.
 * @example
 * monthlyPathFor('runs/june.csv'); // 'runs/june.monthly.csv'
 */
export function monthlyPathFor(out: string): string {
  return out.toLowerCase().endsWith('.csv')
    ? `${out.slice(0, -4)}.monthly.csv`
    : `${out}.monthly.csv`;
}
