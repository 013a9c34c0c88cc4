'use client';

import { useMemo, useState } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  ComposedChart,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import type { PairwiseResult, SampleRun, StrategyResult, SimulationEvent } from '@crosswind/schema';
import { ChartCard } from './chart-card';
import { stepDensity, stepGrid } from '@/lib/distribution';
import { formatAxisCount, formatAxisUsd, formatCount, formatPct, formatUsd } from '@/lib/format';
import { OFFER_COLORS, colorAt } from '@/lib/palette';
import type { CsvCell } from '@/lib/download';

/** One line on a chart: a strategy of one result (or of one saved scenario on the compare page). */
export interface Series {
  key: string;
  label: string;
  color: string;
  strategy: StrategyResult;
}

const AXIS = { stroke: '#8a93a1', tickLine: false } as const;
const GRID = <CartesianGrid stroke="#e9edf2" vertical={false} />;
const MARGIN = { top: 8, right: 24, bottom: 28, left: 16 };

const usdCell = (v: CsvCell) => (typeof v === 'number' ? formatUsd(v) : (v ?? ''));
const countCell = (v: CsvCell) => (typeof v === 'number' ? formatCount(v) : (v ?? ''));

function SeriesSelect({
  label,
  series,
  value,
  onChange,
}: {
  label: string;
  series: Series[];
  value: string;
  onChange: (k: string) => void;
}) {
  return (
    <label className="row" style={{ gap: 6 }}>
      {label}
      <select
        className="select"
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {series.map((s) => (
          <option key={s.key} value={s.key}>
            {s.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function monthTick(months: string[]) {
  return (i: number) => months[i] ?? String(i);
}

/** Monthly cost fan chart: P5–P95 and P25–P75 bands and the median of one strategy, others' medians dashed. */
export function MonthlyCostFan({
  series,
  months,
  others = 'strategies',
}: {
  series: Series[];
  months: string[];
  others?: string;
}) {
  const [focusKey, setFocusKey] = useState(series[0]?.key ?? '');
  const focus = series.find((s) => s.key === focusKey) ?? series[0];
  const data = useMemo(
    () =>
      months.map((m, i) => {
        const row: Record<string, unknown> = { i, month: m };
        if (focus) {
          const c = focus.strategy.monthly.costUsd;
          row.outer = [c.p5[i], c.p95[i]];
          row.inner = [c.p25[i], c.p75[i]];
          row.median = c.p50[i];
        }
        for (const s of series)
          if (s.key !== focus?.key) row[`m_${s.key}`] = s.strategy.monthly.costUsd.p50[i];
        return row;
      }),
    [months, series, focus],
  );
  const rows: CsvCell[][] = [];
  for (const s of series) {
    const c = s.strategy.monthly.costUsd;
    months.forEach((m, i) =>
      rows.push([s.label, m, c.p5[i], c.p25[i], c.p50[i], c.p75[i], c.p95[i], c.mean[i]]),
    );
  }
  if (!focus) return null;
  return (
    <ChartCard
      title="Monthly cost"
      description={`${focus.label}: median with the middle 50% (P25–P75) and 90% (P5–P95) of simulated worlds.${series.length > 1 ? ` Other ${others}' medians dashed.` : ''}`}
      headers={[
        'Strategy',
        'Month',
        'P5 (USD)',
        'P25 (USD)',
        'Median (USD)',
        'P75 (USD)',
        'P95 (USD)',
        'Mean (USD)',
      ]}
      rows={rows}
      formatCell={usdCell}
      legend={[
        { label: `${focus.label} median`, color: focus.color },
        { label: 'P25–P75', color: `${focus.color}66` },
        { label: 'P5–P95', color: `${focus.color}26` },
        ...series
          .filter((s) => s.key !== focus.key)
          .map((s) => ({ label: `${s.label} median`, color: s.color })),
      ]}
      controls={
        series.length > 1 ? (
          <SeriesSelect
            label="Show bands for"
            series={series}
            value={focus.key}
            onChange={setFocusKey}
          />
        ) : null
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={MARGIN}>
          {GRID}
          <XAxis
            dataKey="i"
            type="number"
            domain={[0, Math.max(0, months.length - 1)]}
            tickFormatter={monthTick(months)}
            {...AXIS}
            label={{ value: 'Month', position: 'insideBottom', offset: -16 }}
          />
          <YAxis
            tickFormatter={formatAxisUsd}
            {...AXIS}
            width={72}
            label={{
              value: 'Cost per month (USD)',
              angle: -90,
              position: 'insideLeft',
              offset: 4,
              style: { textAnchor: 'middle' },
            }}
          />
          <Tooltip
            labelFormatter={(i) => months[Number(i)] ?? ''}
            formatter={(v: unknown, name) => [
              Array.isArray(v)
                ? `${formatUsd(Number(v[0]))} – ${formatUsd(Number(v[1]))}`
                : formatUsd(Number(v)),
              String(name),
            ]}
          />
          <Area
            dataKey="outer"
            name="P5–P95"
            stroke="none"
            fill={focus.color}
            fillOpacity={0.15}
            isAnimationActive={false}
          />
          <Area
            dataKey="inner"
            name="P25–P75"
            stroke="none"
            fill={focus.color}
            fillOpacity={0.35}
            isAnimationActive={false}
          />
          <Line
            dataKey="median"
            name={`${focus.label} median`}
            stroke={focus.color}
            strokeWidth={2.5}
            dot={false}
            isAnimationActive={false}
          />
          {series
            .filter((s) => s.key !== focus.key)
            .map((s) => (
              <Line
                key={s.key}
                dataKey={`m_${s.key}`}
                name={`${s.label} median`}
                stroke={s.color}
                strokeWidth={1.5}
                strokeDasharray="5 4"
                dot={false}
                isAnimationActive={false}
              />
            ))}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

/** Distribution of total cost over the horizon, with the budget(s) marked. */
export function TotalCostDistribution({ series }: { series: Series[] }) {
  const budgets = [
    ...new Set(
      series
        .map((s) => s.strategy.budget?.budgetUsd)
        .filter((b): b is number => typeof b === 'number'),
    ),
  ];
  const stats = series.map((s) => s.strategy.totals.totalCostUsd);
  const grid = useMemo(() => stepGrid(stats, budgets), [stats, budgets]);
  const densities = series.map((s) =>
    stepDensity(s.strategy.totals.totalCostUsd, grid.xs, grid.unit),
  );
  const data = grid.xs.map((x, j) => {
    const row: Record<string, number> = { x };
    series.forEach((s, k) => (row[s.key] = (densities[k]?.[j] ?? 0) * 100));
    return row;
  });
  const rows: CsvCell[][] = series.map((s) => {
    const t = s.strategy.totals.totalCostUsd;
    const b = s.strategy.budget;
    return [
      s.label,
      t.mean,
      t.p5,
      t.p25,
      t.p50,
      t.p75,
      t.p95,
      t.cvar95,
      b ? b.budgetUsd : null,
      b ? b.pOverBudget : null,
    ];
  });
  return (
    <ChartCard
      title="Distribution of total cost"
      description="Total cost over the horizon across simulated worlds, in 40 equal bins from the cheapest to the dearest world (the far tails are trimmed from view). Dashed line: budget."
      headers={[
        'Strategy',
        'Mean (USD)',
        'P5 (USD)',
        'P25 (USD)',
        'Median (USD)',
        'P75 (USD)',
        'P95 (USD)',
        'CVaR95 (USD)',
        'Budget (USD)',
        'P(over budget)',
      ]}
      rows={rows}
      formatCell={(v, col) => (col === 9 && typeof v === 'number' ? formatPct(v) : usdCell(v))}
      legend={[
        ...series.map((s) => ({ label: s.label, color: s.color })),
        ...(budgets.length ? [{ label: 'Budget', color: '#b42318' }] : []),
      ]}
    >
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={MARGIN}>
          {GRID}
          <XAxis
            dataKey="x"
            type="number"
            domain={['auto', 'auto']}
            tickFormatter={formatAxisUsd}
            {...AXIS}
            label={{
              value: 'Total cost over the horizon (USD)',
              position: 'insideBottom',
              offset: -16,
            }}
          />
          <YAxis
            tickFormatter={(v: number) => `${+v.toFixed(1)}%`}
            {...AXIS}
            width={56}
            label={{
              value: `% of worlds per ${formatUsd(grid.unit)}`,
              angle: -90,
              position: 'insideLeft',
              offset: 4,
              style: { textAnchor: 'middle' },
            }}
          />
          <Tooltip
            labelFormatter={(x) => `from ${formatUsd(Number(x))}`}
            formatter={(v: unknown, name) => [
              `${Number(v).toFixed(2)}% per ${formatUsd(grid.unit)}`,
              String(name),
            ]}
          />
          {series.map((s) => (
            <Area
              key={s.key}
              type="stepAfter"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={2}
              fill={s.color}
              fillOpacity={0.12}
              isAnimationActive={false}
            />
          ))}
          {budgets.map((b) => (
            <ReferenceLine
              key={b}
              x={b}
              stroke="#b42318"
              strokeDasharray="6 4"
              strokeWidth={1.5}
              label={{
                value: `Budget ${formatUsd(b)}`,
                position: 'insideTopRight',
                fill: '#b42318',
                fontSize: 12,
              }}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

/** Share of demand by offer over time (mean across worlds), stacked, with unserved on top. */
export function ShareByOffer({
  series,
  months,
  offerNames,
}: {
  series: Series[];
  months: string[];
  offerNames: Record<string, string>;
}) {
  const [focusKey, setFocusKey] = useState(series[0]?.key ?? '');
  const focus = series.find((s) => s.key === focusKey) ?? series[0];
  const offers = useMemo(() => {
    if (!focus) return [];
    return Object.entries(focus.strategy.monthly.shareByOffer)
      .filter(([, b]) => b.mean.some((v) => v > 0.0005))
      .map(([id]) => id);
  }, [focus]);
  const allOfferIds = Object.keys(offerNames);
  const colorOf = (id: string) => colorAt(OFFER_COLORS, Math.max(0, allOfferIds.indexOf(id)));
  if (!focus) return null;
  const data = months.map((m, i) => {
    const row: Record<string, number | string> = { i, month: m };
    // shareByOffer is each offer's share of the *served* tasks; scale by the served share so
    // the stack is a share of all demand and the unserved part shows on top.
    const served = focus.strategy.monthly.servedShare.mean[i] ?? 1;
    for (const id of offers)
      row[id] = (focus.strategy.monthly.shareByOffer[id]?.mean[i] ?? 0) * served * 100;
    row.unserved = Math.max(0, (1 - served) * 100);
    return row;
  });
  const rows: CsvCell[][] = data.map((r) => [
    focus.label,
    String(r.month),
    ...offers.map((id) => Number(r[id])),
    Number(r.unserved),
  ]);
  return (
    <ChartCard
      title="Share of demand by offer"
      description={`${focus.label}: where tasks went each month, as a share of all demand (means across worlds); grey is demand no offer could take.`}
      headers={[
        'Strategy',
        'Month',
        ...offers.map((id) => `${offerNames[id] ?? id} (% of demand)`),
        'Unserved (% of demand)',
      ]}
      rows={rows}
      formatCell={(v) => (typeof v === 'number' ? `${v.toFixed(1)}%` : (v ?? ''))}
      legend={[
        ...offers.map((id) => ({ label: offerNames[id] ?? id, color: colorOf(id) })),
        { label: 'Unserved', color: '#c4c9d2' },
      ]}
      controls={
        series.length > 1 ? (
          <SeriesSelect label="Strategy" series={series} value={focus.key} onChange={setFocusKey} />
        ) : null
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={MARGIN}>
          {GRID}
          <XAxis
            dataKey="i"
            type="number"
            domain={[0, Math.max(0, months.length - 1)]}
            tickFormatter={monthTick(months)}
            {...AXIS}
            label={{ value: 'Month', position: 'insideBottom', offset: -16 }}
          />
          <YAxis
            domain={[0, 100]}
            allowDataOverflow
            ticks={[0, 25, 50, 75, 100]}
            tickFormatter={(v: number) => `${Math.round(v)}%`}
            {...AXIS}
            width={56}
            label={{
              value: 'Share of demand (%)',
              angle: -90,
              position: 'insideLeft',
              offset: 4,
              style: { textAnchor: 'middle' },
            }}
          />
          <Tooltip
            labelFormatter={(i) => months[Number(i)] ?? ''}
            formatter={(v: unknown, name) => [`${Number(v).toFixed(1)}%`, String(name)]}
          />
          {offers.map((id) => (
            <Area
              key={id}
              type="linear"
              stackId="share"
              dataKey={id}
              name={offerNames[id] ?? id}
              stroke={colorOf(id)}
              fill={colorOf(id)}
              fillOpacity={0.85}
              isAnimationActive={false}
            />
          ))}
          <Area
            type="linear"
            stackId="share"
            dataKey="unserved"
            name="Unserved"
            stroke="#aab1bc"
            fill="#c4c9d2"
            fillOpacity={0.9}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

/** Unserved tasks per month: mean per strategy, with the P95 of the focus strategy. */
export function UnservedOverTime({ series, months }: { series: Series[]; months: string[] }) {
  const data = months.map((m, i) => {
    const row: Record<string, number | string> = { i, month: m };
    for (const s of series) {
      row[s.key] = s.strategy.monthly.unservedTasks.mean[i] ?? 0;
      row[`p95_${s.key}`] = s.strategy.monthly.unservedTasks.p95[i] ?? 0;
    }
    return row;
  });
  const rows: CsvCell[][] = [];
  for (const s of series) {
    const u = s.strategy.monthly.unservedTasks;
    months.forEach((m, i) => rows.push([s.label, m, u.mean[i], u.p50[i], u.p95[i]]));
  }
  return (
    <ChartCard
      title="Unserved demand"
      description="Tasks per month that no allowed offer could take (bans, outages, capacity caps). Solid: mean; dotted: P95 (a bad month)."
      headers={['Strategy', 'Month', 'Mean (tasks)', 'Median (tasks)', 'P95 (tasks)']}
      rows={rows}
      formatCell={countCell}
      legend={series.map((s) => ({ label: s.label, color: s.color }))}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={MARGIN}>
          {GRID}
          <XAxis
            dataKey="i"
            type="number"
            domain={[0, Math.max(0, months.length - 1)]}
            tickFormatter={monthTick(months)}
            {...AXIS}
            label={{ value: 'Month', position: 'insideBottom', offset: -16 }}
          />
          <YAxis
            tickFormatter={formatAxisCount}
            {...AXIS}
            width={64}
            label={{
              value: 'Unserved tasks per month',
              angle: -90,
              position: 'insideLeft',
              offset: 4,
              style: { textAnchor: 'middle' },
            }}
          />
          <Tooltip
            labelFormatter={(i) => months[Number(i)] ?? ''}
            formatter={(v: unknown, name) => [formatCount(Number(v)), String(name)]}
          />
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={`${s.label} (mean)`}
              stroke={s.color}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          ))}
          {series.map((s) => (
            <Line
              key={`p95_${s.key}`}
              dataKey={`p95_${s.key}`}
              name={`${s.label} (P95)`}
              stroke={s.color}
              strokeWidth={1}
              strokeDasharray="2 3"
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

const EVENT_GROUPS: { label: string; kinds: SimulationEvent['kind'][]; color: string }[] = [
  { label: 'Bans', kinds: ['banStart', 'banEnd'], color: '#b42318' },
  { label: 'Forced migrations and exits', kinds: ['forcedMigration', 'exit'], color: '#6B4C9A' },
  {
    label: 'Outages and overloads',
    kinds: ['outage', 'overload', 'capacityCutStart', 'capacityCutEnd'],
    color: '#E69F00',
  },
  { label: 'Price moves', kinds: ['priceChange', 'priceJump'], color: '#0072B2' },
  { label: 'Releases and self-hosting', kinds: ['release', 'selfHostReady'], color: '#009E73' },
];

const KIND_LABELS: Record<SimulationEvent['kind'], string> = {
  banStart: 'Ban starts',
  banEnd: 'Ban lifted',
  capacityCutStart: 'Capacity cut',
  capacityCutEnd: 'Capacity restored',
  outage: 'Outage',
  overload: 'Overload',
  priceChange: 'Price change',
  priceJump: 'Price jump',
  release: 'Release',
  retirementNotice: 'Retirement notice',
  retirement: 'Model retired',
  forcedMigration: 'Forced migration',
  exit: 'Exit',
  selfHostReady: 'Self-hosting ready',
};

/** Event timeline of one sample world: bans, outages, switches, price moves, releases. */
export function EventTimeline({
  samples,
  months,
  series,
  offerNames,
}: {
  samples: SampleRun[];
  months: string[];
  series: Series[];
  offerNames: Record<string, string>;
}) {
  const [runIndex, setRunIndex] = useState(0);
  const [strategyKey, setStrategyKey] = useState(series[0]?.key ?? '');
  const [showOutages, setShowOutages] = useState(false);
  const sample = samples[runIndex] ?? samples[0];
  const strategy = series.find((s) => s.key === strategyKey) ?? series[0];
  const used = new Set(
    Object.entries(strategy?.strategy.costByOfferMeanUsd ?? {})
      .filter(([, v]) => v > 0)
      .map(([k]) => k),
  );
  const events = (sample?.events ?? []).filter((e) => {
    if (!showOutages && (e.kind === 'outage' || e.kind === 'overload')) return false;
    if (e.strategyId !== undefined) return e.strategyId === strategy?.strategy.id;
    if (e.offerId !== undefined && used.size > 0) return used.has(e.offerId);
    return true;
  });
  const groups = EVENT_GROUPS.map((g, gi) => ({
    ...g,
    points: events
      .filter((e) => g.kinds.includes(e.kind))
      .map((e) => ({
        x: e.month,
        y: EVENT_GROUPS.length - gi,
        kind: KIND_LABELS[e.kind],
        detail: e.detail,
      })),
  }));
  const rows: CsvCell[][] = events.map((e) => [
    months[e.month] ?? String(e.month),
    KIND_LABELS[e.kind],
    e.detail,
    e.offerId ? (offerNames[e.offerId] ?? e.offerId) : '',
    e.regionId ?? '',
    e.strategyId ?? '',
  ]);
  if (!sample) {
    return (
      <section className="card">
        <h3>Events in a sample world</h3>
        <p className="muted">
          This result kept no sample runs (simulation setting “sample runs” is 0).
        </p>
      </section>
    );
  }
  return (
    <ChartCard
      title="Events in a sample world"
      description={
        sample.truncated
          ? `One simulated world, month by month. This world had ${sample.eventCount.toLocaleString('en-US')} events; the timeline keeps the first ${sample.events.length.toLocaleString('en-US')} (up to ${months[sample.events.at(-1)?.month ?? 0] ?? 'the start'}).`
          : 'One simulated world, month by month: what happened to the offers this strategy relies on, and how it reacted.'
      }
      headers={['Month', 'Event', 'Detail', 'Offer', 'Region', 'Strategy']}
      rows={rows}
      legend={EVENT_GROUPS.map((g) => ({ label: g.label, color: g.color }))}
      height={260}
      controls={
        <>
          <label className="row" style={{ gap: 6 }}>
            Sample world
            <select
              className="select"
              value={runIndex}
              onChange={(e) => setRunIndex(Number(e.target.value))}
            >
              {samples.map((s, i) => (
                <option key={s.run} value={i}>
                  #{s.run + 1}
                </option>
              ))}
            </select>
          </label>
          {series.length > 1 ? (
            <SeriesSelect
              label="Strategy"
              series={series}
              value={strategy?.key ?? ''}
              onChange={setStrategyKey}
            />
          ) : null}
          <label className="checkbox">
            <input
              type="checkbox"
              checked={showOutages}
              onChange={(e) => setShowOutages(e.target.checked)}
            />{' '}
            Show outages
          </label>
          <span className="muted">{events.length} events</span>
        </>
      }
    >
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ ...MARGIN, left: 8 }}>
          <CartesianGrid stroke="#e9edf2" />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, Math.max(0, months.length - 1)]}
            tickFormatter={monthTick(months)}
            allowDecimals={false}
            padding={{ left: 10, right: 10 }}
            {...AXIS}
            label={{ value: 'Month', position: 'insideBottom', offset: -16 }}
          />
          <YAxis
            dataKey="y"
            type="number"
            domain={[0.5, EVENT_GROUPS.length + 0.5]}
            ticks={EVENT_GROUPS.map((_, gi) => EVENT_GROUPS.length - gi)}
            tickFormatter={(v: number) =>
              EVENT_GROUPS[EVENT_GROUPS.length - v]?.label.split(' ')[0] ?? ''
            }
            {...AXIS}
            width={84}
          />
          <ZAxis range={[60, 60]} />
          <Tooltip
            cursor={false}
            content={({ active, payload }) => {
              const p = payload?.[0]?.payload as
                { x: number; kind: string; detail: string } | undefined;
              if (!active || !p) return null;
              return (
                <div className="card" style={{ padding: '6px 10px', maxWidth: 320 }}>
                  <strong>
                    {months[p.x]} · {p.kind}
                  </strong>
                  <div className="small">{p.detail}</div>
                </div>
              );
            }}
          />
          {groups.map((g) => (
            <Scatter
              key={g.label}
              name={g.label}
              data={g.points}
              fill={g.color}
              isAnimationActive={false}
            />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

/** The paired difference of total cost between two strategies, on the same simulated worlds. */
export function PairedDifference({
  series,
  pairwise,
}: {
  series: Series[];
  pairwise: PairwiseResult[];
}) {
  const [aKey, setAKey] = useState(series[0]?.key ?? '');
  const [bKey, setBKey] = useState(series[1]?.key ?? '');
  const a = series.find((s) => s.key === aKey);
  const b = series.find((s) => s.key === bKey);
  const pair = useMemo(() => {
    if (!a || !b || a.key === b.key) return null;
    const direct = pairwise.find((p) => p.a === a.strategy.id && p.b === b.strategy.id);
    if (direct) return { diff: direct.costDiffUsd, p: direct.pACheaper, ci: direct.pACheaperCi95 };
    const rev = pairwise.find((p) => p.a === b.strategy.id && p.b === a.strategy.id);
    if (!rev) return null;
    const d = rev.costDiffUsd;
    return {
      diff: {
        mean: -d.mean,
        sd: d.sd,
        min: -d.max,
        p5: -d.p95,
        p25: -d.p75,
        p50: -d.p50,
        p75: -d.p25,
        p95: -d.p5,
        max: -d.min,
        cvar95: Number.NaN,
      },
      p: 1 - rev.pACheaper,
      ci: [1 - rev.pACheaperCi95[1], 1 - rev.pACheaperCi95[0]] as [number, number],
    };
  }, [a, b, pairwise]);
  const grid = useMemo(() => (pair ? stepGrid([pair.diff], [0]) : null), [pair]);
  const dens = pair && grid ? stepDensity(pair.diff, grid.xs, grid.unit) : [];
  // Split at 0 so the "A cheaper" side and the "A dearer" side get their own colour.
  const xs = grid ? [...new Set([...grid.xs, 0])].sort((p, q) => p - q) : [];
  const data = xs.map((x) => {
    const j = grid ? grid.xs.findLastIndex((g) => g <= x) : -1;
    const v = (dens[j] ?? 0) * 100;
    return { x, cheaper: x < 0 ? v : x === 0 ? 0 : null, dearer: x >= 0 ? v : null };
  });
  const nameOf = (id: string) => series.find((s) => s.strategy.id === id)?.label ?? id;
  const rows: CsvCell[][] = pairwise.map((p) => [
    nameOf(p.a),
    nameOf(p.b),
    p.costDiffUsd.mean,
    p.costDiffUsd.p5,
    p.costDiffUsd.p50,
    p.costDiffUsd.p95,
    p.pACheaper,
    p.pACheaperCi95[0],
    p.pACheaperCi95[1],
  ]);
  const controls = (
    <>
      <SeriesSelect label="A" series={series} value={aKey} onChange={setAKey} />
      <SeriesSelect label="B" series={series} value={bKey} onChange={setBKey} />
    </>
  );
  return (
    <ChartCard
      title="Paired difference: A minus B"
      description={
        pair && a && b ? (
          <span data-testid="paired-summary">
            On the same simulated worlds, <strong>{a.label}</strong> is cheaper than{' '}
            <strong>{b.label}</strong> in <strong>{formatPct(pair.p)}</strong> of them (95% CI{' '}
            {formatPct(pair.ci[0])}–{formatPct(pair.ci[1])}). Median difference{' '}
            {formatUsd(pair.diff.p50)}; 90% of worlds between {formatUsd(pair.diff.p5)} and{' '}
            {formatUsd(pair.diff.p95)}.
          </span>
        ) : (
          'Pick two different strategies.'
        )
      }
      headers={[
        'A',
        'B',
        'Mean A − B (USD)',
        'P5 (USD)',
        'Median (USD)',
        'P95 (USD)',
        'P(A cheaper)',
        'CI low',
        'CI high',
      ]}
      rows={rows}
      formatCell={(v, col) => (col >= 6 && typeof v === 'number' ? formatPct(v) : usdCell(v))}
      legend={[
        { label: 'A cheaper (difference < 0)', color: '#009E73' },
        { label: 'A dearer (difference > 0)', color: '#D55E00' },
      ]}
      controls={controls}
      height={280}
    >
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={MARGIN}>
          {GRID}
          <XAxis
            dataKey="x"
            type="number"
            domain={['auto', 'auto']}
            tickFormatter={formatAxisUsd}
            {...AXIS}
            label={{
              value: 'Total cost of A minus B (USD)',
              position: 'insideBottom',
              offset: -16,
            }}
          />
          <YAxis
            tickFormatter={(v: number) => `${+v.toFixed(1)}%`}
            {...AXIS}
            width={56}
            label={{
              value: `% of worlds per ${formatUsd(grid?.unit ?? 1)}`,
              angle: -90,
              position: 'insideLeft',
              offset: 4,
              style: { textAnchor: 'middle' },
            }}
          />
          <Tooltip
            labelFormatter={(x) => `A − B from ${formatUsd(Number(x))}`}
            formatter={(v: unknown) => [
              `${Number(v).toFixed(2)}% per ${formatUsd(grid?.unit ?? 1)}`,
              'worlds',
            ]}
          />
          <Area
            type="stepAfter"
            dataKey="cheaper"
            name="A cheaper"
            stroke="#009E73"
            fill="#009E73"
            fillOpacity={0.3}
            connectNulls={false}
            isAnimationActive={false}
          />
          <Area
            type="stepAfter"
            dataKey="dearer"
            name="A dearer"
            stroke="#D55E00"
            fill="#D55E00"
            fillOpacity={0.3}
            connectNulls={false}
            isAnimationActive={false}
          />
          <ReferenceLine
            x={0}
            stroke="#344054"
            strokeWidth={1.5}
            label={{
              value: 'no difference',
              position: 'insideTopLeft',
              fontSize: 12,
              fill: '#344054',
            }}
          />
        </AreaChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
