'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { SimulationResult } from '@crosswind/schema';
import {
  MonthlyCostFan,
  TotalCostDistribution,
  UnservedOverTime,
  type Series,
} from './results/charts';
import { ExportInfoContext, ScrollTable, TableCard, TableHead } from './results/chart-card';
import { describeApiError } from '@/lib/api-error';
import { diffScenarios } from '@/lib/diff';
import { comparisonExportInfo } from '@/lib/download';
import { formatCount, formatDateTime, formatPct, formatUsd } from '@/lib/format';
import { useMyScenarios } from '@/lib/my-scenarios';
import { STRATEGY_COLORS, colorAt } from '@/lib/palette';
import type { CsvCell } from '@/lib/download';
import { useTRPC, useTRPCClient, type RouterOutputs, type SavedScenario } from '@/lib/trpc';

type Comparison = RouterOutputs['simulation']['compareScenarios'];

function Picker({ initial }: { initial: string[] }) {
  const recent = useMyScenarios();
  const [picked, setPicked] = useState<string[]>(initial);
  const router = useRouter();
  return (
    <div className="card stack">
      <p style={{ margin: 0 }}>
        Pick two to four saved scenarios to compare their inputs and outcomes.
      </p>
      {recent?.length === 0 ? (
        <p className="muted">
          Nothing saved in this browser yet. Save a scenario from the editor first.
        </p>
      ) : null}
      <ul className="list">
        {recent?.map((s) => (
          <li key={s.id}>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={picked.includes(s.id)}
                onChange={(e) =>
                  setPicked((p) => (e.target.checked ? [...p, s.id] : p.filter((x) => x !== s.id)))
                }
              />
              {s.name}
            </label>
            <span className="spacer" />
            <span className="muted small">{formatDateTime(s.savedAt)}</span>
          </li>
        ))}
      </ul>
      <div>
        <button
          type="button"
          className="btn btn-primary"
          disabled={picked.length < 2 || picked.length > 4}
          onClick={() => router.push(`/compare?ids=${picked.join(',')}`)}
        >
          Compare {picked.length} scenarios
        </button>
      </div>
    </div>
  );
}

/**
 * Two to four saved scenarios side by side: their inputs (what differs) and their outcomes.
 * The outcomes come from the API's `simulation.compareScenarios`, one call that simulates each
 * scenario (or finds it in the result cache); the charts of one strategy then read each full
 * result, which that call has just cached. Both are POSTs (mutations, in tRPC's terms) that only
 * read deterministic results, so the page holds them as queries keyed by their tRPC path and
 * input.
 */
export function CompareView({ ids }: { ids: string[] }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const enough = ids.length >= 2;
  const scenarios = useQueries({
    queries: ids.map((id) => ({
      ...trpc.scenario.get.queryOptions({ id }),
      enabled: enough,
      staleTime: Infinity,
    })),
  });
  const comparison = useQuery({
    queryKey: [...trpc.simulation.compareScenarios.mutationKey(), { scenarioIds: ids }],
    queryFn: ({ signal }) =>
      client.simulation.compareScenarios.mutate({ scenarioIds: ids }, { signal }),
    enabled: enough,
    staleTime: Infinity,
    retry: false,
  });
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: [...trpc.simulation.run.mutationKey(), { scenarioId: id }],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        client.simulation.run.mutate({ scenarioId: id }, { signal }),
      enabled: comparison.isSuccess,
      staleTime: Infinity,
      retry: false,
    })),
  });

  if (!enough) {
    return (
      <div className="stack">
        <h1>Compare scenarios</h1>
        <Picker initial={ids} />
      </div>
    );
  }
  const missing = ids.filter(
    (_, i) => describeApiError(scenarios[i]?.error ?? null).code === 'NOT_FOUND',
  );
  const saved = scenarios.map((q) => q.data).filter((d): d is SavedScenario => !!d);
  const loaded = saved.length === ids.length;
  const loadFailure = scenarios.find(
    (q) => q.isError && describeApiError(q.error).code !== 'NOT_FOUND',
  )?.error;
  const allResults = results.every((q) => q.isSuccess) ? results.map((q) => q.data) : null;
  const chartFailure = results.find((q) => q.isError)?.error;

  return (
    <div className="stack">
      <div>
        <h1>Compare scenarios</h1>
        <p className="muted" style={{ margin: 0 }}>
          {saved.map((s, i) => (
            <span key={s.id}>
              {i > 0 ? ' vs ' : ''}
              <Link href={`/s/${s.id}`}>{s.name}</Link> <span className="small">(#{i + 1})</span>
            </span>
          ))}
        </p>
      </div>
      {missing.length > 0 ? (
        <div className="alert alert-error" role="alert">
          No saved scenario with id {missing.map((m) => `“${m}”`).join(', ')}. Check the link.
        </div>
      ) : null}
      {loadFailure ? (
        <div className="alert alert-error" role="alert">
          Could not load the scenarios: {describeApiError(loadFailure).message}
        </div>
      ) : null}
      {loaded ? (
        <InputDiff saved={saved} />
      ) : missing.length === 0 && !loadFailure ? (
        <p className="muted">Loading scenarios…</p>
      ) : null}
      <div className="section-title">
        <h2>Outcomes</h2>
      </div>
      {comparison.isPending ? (
        <div className="card row" data-testid="compare-progress" aria-busy="true">
          <span>
            Simulating {ids.length} scenarios on the server (results already computed come from its
            cache)…
          </span>
        </div>
      ) : null}
      {comparison.isError && missing.length === 0 ? (
        <div className="alert alert-error" role="alert">
          Could not compare: {describeApiError(comparison.error).message}
        </div>
      ) : null}
      {comparison.data && loaded ? (
        <CompareOutcomes
          saved={saved}
          comparison={comparison.data}
          results={allResults}
          chartError={chartFailure ? describeApiError(chartFailure).message : undefined}
        />
      ) : null}
    </div>
  );
}

function InputDiff({ saved }: { saved: SavedScenario[] }) {
  const rows = useMemo(() => diffScenarios(saved.map((s) => s.scenario)), [saved]);
  return (
    <section className="card" aria-labelledby="diff-h" data-testid="input-diff">
      <h2 id="diff-h">What differs in the inputs</h2>
      {rows.length === 0 ? (
        <p className="muted">The inputs are identical.</p>
      ) : (
        <ScrollTable label="What differs in the inputs">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Input</th>
                {saved.map((s, i) => (
                  <th key={s.id} scope="col" className="text">
                    #{i + 1} {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <td className="text" title={r.key}>
                    {r.label}
                  </td>
                  {r.values.map((v, i) => (
                    <td
                      key={i}
                      className={`text ${i > 0 && v !== r.values[0] ? (v === undefined ? 'diff-removed' : 'diff-added') : ''}`}
                    >
                      {v === undefined ? '—' : v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function signed(v: number, fmt: (n: number) => string): string {
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${fmt(Math.abs(v))}`;
}

function CompareOutcomes({
  saved,
  comparison,
  results,
  chartError,
}: {
  saved: SavedScenario[];
  comparison: Comparison;
  /** the full results, for the charts; null while they load */
  results: SimulationResult[] | null;
  chartError: string | undefined;
}) {
  const compared = comparison.scenarios;
  const common = (compared[0]?.strategies ?? [])
    .map((s) => s.id)
    .filter((id) => compared.every((r) => r.strategies.some((s) => s.id === id)));
  // Start with the strategy whose expected cost moves most between the scenarios.
  const spread = (id: string) => {
    const means = compared.map(
      (r) => r.strategies.find((s) => s.id === id)?.totals.totalCostUsd.mean ?? 0,
    );
    return Math.max(...means) - Math.min(...means);
  };
  const [strategyId, setStrategyId] = useState(
    () => [...common].sort((a, b) => spread(b) - spread(a))[0] ?? '',
  );
  const series: Series[] = (results ?? []).flatMap((r, i) => {
    const s =
      r.strategies.find((x) => x.id === strategyId) ??
      (common.length === 0 ? r.strategies[0] : undefined);
    return s
      ? [
          {
            key: `s${i}`,
            label: `#${i + 1} ${shorten(saved[i]?.name ?? '', 34)}`,
            color: colorAt(STRATEGY_COLORS, i),
            strategy: s,
          },
        ]
      : [];
  });
  const months = (results ?? []).reduce<string[]>(
    (m, r) => (r.months.length > m.length ? r.months : m),
    [],
  );

  const rows: CsvCell[][] = [];
  compared.forEach((r, i) => {
    for (const s of r.strategies) {
      const baseline = compared[0]?.strategies.find((x) => x.id === s.id);
      const t = s.totals;
      rows.push([
        `#${i + 1} ${saved[i]?.name ?? ''}`,
        s.name,
        t.totalCostUsd.mean,
        i > 0 && baseline ? t.totalCostUsd.mean - baseline.totals.totalCostUsd.mean : null,
        t.totalCostUsd.p95,
        t.costPerSuccessUsd.mean,
        t.unservedTasks.mean,
        i > 0 && baseline ? t.unservedTasks.mean - baseline.totals.unservedTasks.mean : null,
        s.budget ? s.budget.pOverBudget : null,
      ]);
    }
  });
  const headers = [
    'Scenario',
    'Strategy',
    'Expected cost (USD)',
    'Δ cost vs #1 (USD)',
    'P95 cost (USD)',
    'Cost per success (USD)',
    'Unserved tasks',
    'Δ unserved vs #1',
    'P(over budget)',
  ];
  const exportInfo = comparisonExportInfo(
    compared.map((r, i) => ({ name: saved[i]?.name ?? r.name, runs: r.runs, seed: r.seed })),
    comparison.engineVersion,
  );
  return (
    <ExportInfoContext.Provider value={exportInfo}>
      <div className="stack">
        <TableCard
          title="Outcomes side by side"
          description="Each strategy in each scenario; deltas are against the same strategy in scenario #1."
          headers={headers}
          rows={rows}
        >
          <table className="data" data-testid="delta-table">
            <TableHead headers={headers} />
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td className="text" title={String(r[0])}>
                    {String(r[0]).split(' ')[0]}
                  </td>
                  <td className="text">{r[1]}</td>
                  <td>{formatUsd(Number(r[2]))}</td>
                  <td
                    className={
                      typeof r[3] === 'number' && Math.abs(r[3]) >= 0.5
                        ? r[3] > 0
                          ? 'diff-removed'
                          : 'diff-added'
                        : 'muted'
                    }
                  >
                    {typeof r[3] !== 'number'
                      ? '—'
                      : Math.abs(r[3]) < 0.5
                        ? 'no change'
                        : signed(r[3], formatUsd)}
                  </td>
                  <td>{formatUsd(Number(r[4]))}</td>
                  <td>{formatUsd(Number(r[5]))}</td>
                  <td>{formatCount(Number(r[6]))}</td>
                  <td className={typeof r[7] === 'number' && Math.abs(r[7]) >= 0.5 ? '' : 'muted'}>
                    {typeof r[7] !== 'number'
                      ? '—'
                      : Math.abs(r[7]) < 0.5
                        ? 'no change'
                        : signed(r[7], formatCount)}
                  </td>
                  <td>{typeof r[8] === 'number' ? formatPct(r[8]) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableCard>
        {common.length > 0 ? (
          <div className="card row">
            <label htmlFor="compare-strategy" className="field-label">
              Strategy shown in the charts
            </label>
            <select
              id="compare-strategy"
              className="select"
              style={{ width: 'auto' }}
              value={strategyId}
              onChange={(e) => setStrategyId(e.target.value)}
            >
              {common.map((id) => (
                <option key={id} value={id}>
                  {compared[0]?.strategies.find((s) => s.id === id)?.name ?? id}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {chartError ? (
          <div className="alert alert-error" role="alert">
            Could not load the results for the charts: {chartError}
          </div>
        ) : results === null ? (
          <p className="muted">Loading the charts…</p>
        ) : (
          <>
            <MonthlyCostFan
              key={`fan-${strategyId}`}
              series={series}
              months={months}
              others="scenarios"
            />
            <div className="grid-2">
              <TotalCostDistribution series={series} />
              <UnservedOverTime series={series} months={months} />
            </div>
          </>
        )}
      </div>
    </ExportInfoContext.Provider>
  );
}
