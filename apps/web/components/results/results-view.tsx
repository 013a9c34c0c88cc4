'use client';

import { useMemo } from 'react';
import type { SimulationResult } from '@crosswind/schema';
import { ChartCard, ExportInfoContext, TableCard, TableHead } from './chart-card';
import {
  EventTimeline,
  MonthlyCostFan,
  PairedDifference,
  ShareByOffer,
  TotalCostDistribution,
  UnservedOverTime,
  type Series,
} from './charts';
import { formatCount, formatPct, formatUsd } from '@/lib/format';
import { STRATEGY_COLORS, colorAt } from '@/lib/palette';
import type { CsvCell } from '@/lib/download';

export function seriesOf(result: SimulationResult, prefix = '', labelPrefix = ''): Series[] {
  return result.strategies.map((s, i) => ({
    key: `${prefix}${s.id}`,
    label: `${labelPrefix}${s.name}`,
    color: colorAt(STRATEGY_COLORS, i),
    strategy: s,
  }));
}

export function offerNamesOf(result: SimulationResult): Record<string, string> {
  return Object.fromEntries(result.offers.map((o) => [o.id, o.name]));
}

/** Per-strategy summary cards: the numbers a strategist quotes. */
export function SummaryCards({ series }: { series: Series[] }) {
  return (
    <div className="summary-grid" data-testid="summary-cards">
      {series.map((s) => {
        const t = s.strategy.totals;
        const b = s.strategy.budget;
        return (
          <section
            key={s.key}
            className="card summary-card"
            style={{ ['--series' as string]: s.color }}
            aria-label={`Summary for ${s.label}`}
            data-testid={`summary-${s.strategy.id}`}
          >
            <h3>
              <span className="dot" style={{ background: s.color }} aria-hidden="true" />
              {s.label}
            </h3>
            <div className="muted small">Expected total cost</div>
            <div className="kpi-main" data-testid="expected-total-cost">
              {formatUsd(t.totalCostUsd.mean)}
            </div>
            <dl className="kpi-list">
              <dt>P5–P95</dt>
              <dd>
                {formatUsd(t.totalCostUsd.p5)} – {formatUsd(t.totalCostUsd.p95)}
              </dd>
              <dt>Cost per successful task</dt>
              <dd>{formatUsd(t.costPerSuccessUsd.mean)}</dd>
              <dt>Unserved tasks</dt>
              <dd>{formatCount(t.unservedTasks.mean)}</dd>
              <dt>Downtime</dt>
              <dd>
                {t.downtimeHours.mean >= 100
                  ? Math.round(t.downtimeHours.mean).toLocaleString('en-US')
                  : t.downtimeHours.mean.toFixed(1)}{' '}
                h
              </dd>
              <dt>Forced migrations</dt>
              <dd>{t.forcedMigrations.mean.toFixed(2)}</dd>
              <dt>{b ? `P(over the ${formatUsd(b.budgetUsd)} budget)` : 'P(over budget)'}</dt>
              <dd
                title={
                  b
                    ? `95% CI ${formatPct(b.ci95[0])}–${formatPct(b.ci95[1])} for a budget of ${formatUsd(b.budgetUsd)}`
                    : 'no budget set'
                }
              >
                {b
                  ? `${formatPct(b.pOverBudget)} (budget ${formatUsd(b.budgetUsd)})`
                  : 'no budget set'}
              </dd>
            </dl>
          </section>
        );
      })}
    </div>
  );
}

function OfferEconomicsTable({ result }: { result: SimulationResult }) {
  const names = offerNamesOf(result);
  const rows: CsvCell[][] = result.offerEconomics.map((e) => [
    names[e.offerId] ?? e.offerId,
    e.workloadId,
    e.outputPriceUsdPerMTokens,
    e.meanOutputTokenMultiplier,
    (e as { publicQuality?: number }).publicQuality ?? null,
    e.effectiveQuality,
    e.successWithRetries,
    e.costPerAttemptUsd,
    e.costPerSuccessUsd,
  ]);
  const headers = [
    'Offer',
    'Workload',
    'Output price (USD/M tokens)',
    'Token multiplier (×)',
    'Public quality (index)',
    'Effective quality (index)',
    'Success with retries',
    'Cost per attempt (USD)',
    'Cost per successful task (USD)',
  ];
  return (
    <TableCard
      title="Cost per successful task, by offer and workload"
      description="At month 0 list prices. Effective quality discounts the public index for the private-benchmark gap. Price per token does not rank offers; cost per solved task does."
      headers={headers}
      rows={rows}
    >
      <table className="data">
        <TableHead headers={headers} />
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td className="text">{r[0]}</td>
              <td className="text">{r[1]}</td>
              <td>{formatUsd(Number(r[2]))}</td>
              <td>{Number(r[3]).toFixed(2)}</td>
              <td>{typeof r[4] === 'number' ? r[4].toFixed(1) : '—'}</td>
              <td>{Number(r[5]).toFixed(1)}</td>
              <td>{formatPct(Number(r[6]))}</td>
              <td>{formatUsd(Number(r[7]))}</td>
              <td>
                <strong>{formatUsd(Number(r[8]))}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableCard>
  );
}

/**
 * Everything shown for one simulation result (editor after Run, and share pages). Downloads
 * carry `scenarioName` with the result's runs, seed and engine version.
 */
export function ResultsView({
  result,
  scenarioName,
}: {
  result: SimulationResult;
  scenarioName: string;
}) {
  const series = seriesOf(result);
  const offerNames = offerNamesOf(result);
  const exportInfo = useMemo(
    () => ({
      scenarioName,
      runs: result.runs,
      seed: result.seed,
      engineVersion: result.engineVersion,
    }),
    [scenarioName, result],
  );
  return (
    <ExportInfoContext.Provider value={exportInfo}>
      <div className="stack" data-testid="results">
        <p className="muted small" data-testid="result-meta">
          {formatCount(result.runs)} simulated worlds · seed {String(result.seed)} ·{' '}
          {result.months[0]} to {result.months[result.months.length - 1]} · engine{' '}
          {result.engineVersion}
        </p>
        <SummaryCards series={series} />
        <MonthlyCostFan series={series} months={result.months} />
        <div className="grid-2">
          <TotalCostDistribution series={series} />
          <UnservedOverTime series={series} months={result.months} />
        </div>
        <ShareByOffer series={series} months={result.months} offerNames={offerNames} />
        {series.length > 1 ? <PairedDifference series={series} pairwise={result.pairwise} /> : null}
        <EventTimeline
          samples={result.samples}
          months={result.months}
          series={series}
          offerNames={offerNames}
        />
        {result.offerEconomics.length > 0 ? <OfferEconomicsTable result={result} /> : null}
      </div>
    </ExportInfoContext.Provider>
  );
}

export { ChartCard };
