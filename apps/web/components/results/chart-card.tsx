'use client';

import { createContext, useContext, useId, useRef, useState, type ReactNode } from 'react';
import {
  downloadCsv,
  downloadPng,
  downloadSvg,
  slugify,
  type CsvCell,
  type ExportInfo,
  type LegendEntry,
} from '@/lib/download';

/**
 * What the charts below were computed from (scenario, runs, seed, engine version): every
 * download carries it in its file name and inside the file. Provided by the results view.
 */
export const ExportInfoContext = createContext<ExportInfo | undefined>(undefined);

export interface ChartCardProps {
  title: string;
  description?: ReactNode;
  /** Column headers (with units) of the data behind the chart: used for the table view and the CSV. */
  headers: string[];
  rows: CsvCell[][];
  /** Formats table cells; CSV keeps raw numbers. */
  formatCell?: (value: CsvCell, column: number) => string;
  legend?: LegendEntry[];
  controls?: ReactNode;
  children: ReactNode;
  height?: number;
}

/**
 * Frame shared by every chart: title, description, legend, a chart/table toggle, and downloads
 * (SVG and PNG of what is drawn, CSV of the data behind it).
 */
export function ChartCard({
  title,
  description,
  headers,
  rows,
  formatCell,
  legend = [],
  controls,
  children,
  height = 320,
}: ChartCardProps) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const [busy, setBusy] = useState(false);
  const info = useContext(ExportInfoContext);
  const boxRef = useRef<HTMLDivElement>(null);
  const findSvg = (): SVGSVGElement | null =>
    boxRef.current?.querySelector('svg.recharts-surface') ?? null;
  const fmt = formatCell ?? ((v: CsvCell) => (v === null || v === undefined ? '' : String(v)));

  return (
    <CardFrame
      title={title}
      description={description}
      testId={`chart-${slugify(title)}`}
      tools={
        <>
          <div className="btn-group" role="group" aria-label={`View of ${title}`}>
            <button
              type="button"
              className="btn btn-small"
              aria-pressed={view === 'chart'}
              onClick={() => setView('chart')}
            >
              Chart
            </button>
            <button
              type="button"
              className="btn btn-small"
              aria-pressed={view === 'table'}
              onClick={() => setView('table')}
            >
              Table
            </button>
          </div>
          <button
            type="button"
            className="btn btn-small"
            disabled={view !== 'chart'}
            aria-label={`Download ${title} as SVG`}
            onClick={() => {
              const svg = findSvg();
              if (svg) downloadSvg(svg, title, legend, info);
            }}
          >
            SVG
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={view !== 'chart' || busy}
            aria-label={`Download ${title} as PNG`}
            onClick={() => {
              const svg = findSvg();
              if (!svg) return;
              setBusy(true);
              void downloadPng(svg, title, legend, info).finally(() => setBusy(false));
            }}
          >
            PNG
          </button>
          <CsvButton
            label={`Download ${title} data as CSV`}
            title={title}
            headers={headers}
            rows={rows}
          />
        </>
      }
    >
      {controls ? <div className="chart-controls">{controls}</div> : null}
      {view === 'chart' ? (
        <>
          {legend.length > 0 ? (
            <ul
              className="row small"
              aria-label="Legend"
              style={{ listStyle: 'none', padding: 0, margin: '0 0 6px', gap: '6px 16px' }}
            >
              {legend.map((l) => (
                <li key={l.label} className="row" style={{ gap: 6 }}>
                  <span className="dot" style={{ background: l.color }} aria-hidden="true" />
                  {l.label}
                </li>
              ))}
            </ul>
          ) : null}
          <div
            ref={boxRef}
            className="chart-box"
            style={{ height }}
            role="img"
            aria-label={`${title} (chart; switch to the table view for the numbers)`}
          >
            {children}
          </div>
        </>
      ) : (
        <ScrollTable label={title}>
          <table className="data">
            <caption className="visually-hidden">{title}</caption>
            <TableHead headers={headers} />
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  {r.map((c, j) => (
                    <td key={j} className={typeof c === 'string' ? 'text' : undefined}>
                      {typeof c === 'number' ? fmt(c, j) : (c ?? '')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </CardFrame>
  );
}

/** The frame of every results card: a titled section, its tools on the right of the title. */
function CardFrame({
  title,
  description,
  testId,
  tools,
  children,
}: {
  title: string;
  description?: ReactNode;
  testId: string;
  tools: ReactNode;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section className="card chart-card" aria-labelledby={headingId} data-testid={testId}>
      <div className="chart-head">
        <div>
          <h3 id={headingId}>{title}</h3>
          {description ? <p className="desc">{description}</p> : null}
        </div>
        <div className="chart-tools">{tools}</div>
      </div>
      {children}
    </section>
  );
}

/** A card's CSV download of the data behind it. */
function CsvButton({
  label,
  title,
  headers,
  rows,
}: {
  label: string;
  title: string;
  headers: string[];
  rows: CsvCell[][];
}) {
  const info = useContext(ExportInfoContext);
  return (
    <button
      type="button"
      className="btn btn-small"
      aria-label={label}
      onClick={() => downloadCsv(headers, rows, title, info)}
    >
      CSV
    </button>
  );
}

/** The header row of a data table: one column header per name. */
export function TableHead({ headers }: { headers: readonly string[] }) {
  return (
    <thead>
      <tr>
        {headers.map((h) => (
          <th key={h} scope="col">
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A titled table with a CSV download, for results that are best read as numbers. */
export function TableCard({
  title,
  description,
  headers,
  rows,
  children,
}: {
  title: string;
  description?: ReactNode;
  headers: string[];
  rows: CsvCell[][];
  children: ReactNode;
}) {
  return (
    <CardFrame
      title={title}
      description={description}
      testId={`table-${slugify(title)}`}
      tools={
        <CsvButton label={`Download ${title} as CSV`} title={title} headers={headers} rows={rows} />
      }
    >
      <ScrollTable label={title}>{children}</ScrollTable>
    </CardFrame>
  );
}

/**
 * The scrolling box around a wide or long table. It takes keyboard focus (a table of numbers
 * has nothing else focusable, so without it keyboard users could not scroll it) and is a named
 * region, so screen readers announce what the focused box holds.
 */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`${label} (table)`}>
      {children}
    </div>
  );
}
