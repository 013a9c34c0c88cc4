'use client';

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { diffScenarios } from '@/lib/diff';

/** JSON with object keys sorted, so that two equal scenarios compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

export interface Freshness {
  /** the shown result was computed from another scenario than the one in the editor */
  stale: boolean;
  /** the scenario the shown result was computed from (it holds the seed and the runs) */
  shownScenario: unknown;
  /** what changed since, as readable labels (empty when fresh) */
  changes: string[];
  /** call when a run starts, with the scenario it simulates */
  runStarted: (scenario: unknown) => void;
}

/**
 * Tracks which scenario the results on screen were computed from, and whether the editor's
 * scenario still is that one. `resultShown` is the result currently displayed (any value that
 * changes identity when a new result arrives): when it changes, the scenario of the run that was
 * started last becomes the shown one. An edit makes the results stale at once; undoing it (or
 * typing the old value back) makes them fresh again.
 */
export function useResultFreshness(scenario: unknown, resultShown: unknown): Freshness {
  const pending = useRef<unknown>(undefined);
  const [shown, setShown] = useState<{ scenario: unknown; json: string } | null>(null);

  const runStarted = useCallback((s: unknown) => {
    pending.current = s;
  }, []);

  useEffect(() => {
    if (resultShown === undefined || resultShown === null) return;
    if (pending.current !== undefined) {
      const s = pending.current;
      pending.current = undefined;
      setShown({ scenario: s, json: canonicalJson(s) });
    }
  }, [resultShown]);

  const currentJson = useMemo(() => canonicalJson(scenario), [scenario]);
  const stale = shown !== null && resultShown != null && shown.json !== currentJson;
  const changes = useMemo(
    () =>
      stale && shown
        ? diffScenarios([shown.scenario, scenario]).map((row) => {
            const [was, now] = row.values;
            return `${row.label}: ${was ?? '(none)'} → ${now ?? '(removed)'}`;
          })
        : [],
    [stale, shown, scenario],
  );
  return { stale, shownScenario: shown?.scenario, changes, runStarted };
}

/**
 * Results with a visible "out of date" banner and dimmed figures while they no longer describe
 * the scenario in the editor.
 */
export function FreshResults({
  freshness,
  onRunAgain,
  children,
}: {
  freshness: Freshness;
  onRunAgain: () => void;
  children: ReactNode;
}) {
  const { stale, changes } = freshness;
  return (
    <div className="stack">
      {stale ? (
        <div className="alert alert-warn stale-banner" role="status" data-testid="stale-banner">
          <div className="row">
            <strong>
              These results are out of date: the scenario changed since they were computed.
            </strong>
            <span className="spacer" />
            <button type="button" className="btn btn-small btn-primary" onClick={onRunAgain}>
              Run again
            </button>
          </div>
          {changes.length > 0 ? (
            <ul className="small">
              {changes.slice(0, 3).map((c, i) => (
                <li key={i}>{c}</li>
              ))}
              {changes.length > 3 ? <li>and {changes.length - 3} more changes</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div
        className={stale ? 'results-stale' : undefined}
        data-testid="results-freshness"
        data-stale={stale ? 'true' : 'false'}
      >
        {children}
      </div>
    </div>
  );
}
