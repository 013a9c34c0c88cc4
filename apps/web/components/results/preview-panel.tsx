'use client';

import { PREVIEW_RUNS } from './preview-protocol';
import type { PreviewFigures, PreviewState } from './use-preview';
import { formatCount, formatPct, formatUsd } from '@/lib/format';
import { STRATEGY_COLORS, colorAt } from '@/lib/palette';

function statusText(state: PreviewState): string {
  switch (state.status) {
    case 'unavailable':
      return 'not available in this browser';
    case 'invalid':
      return 'paused until the problems below are fixed';
    case 'updating':
      return 'updating…';
    case 'error':
      return `could not run: ${state.message}`;
    case 'current':
      return `computed in ${(state.figures.computeMs / 1000).toFixed(2)} s`;
  }
}

/**
 * The headline figures of the in-browser preview, one chip per strategy, in the editor's
 * sticky toolbar so that the effect of an edit shows wherever the user is on the page. Not a
 * live region: it changes with every pause in typing, which a screen reader would read out
 * over the user's own typing.
 */
export function PreviewPanel({ state }: { state: PreviewState }) {
  const figures: PreviewFigures | null =
    state.status === 'current' ? state.figures : state.status === 'unavailable' ? null : state.last;
  const label = `Preview, ${formatCount(PREVIEW_RUNS)} runs`;
  return (
    <section
      className="preview-strip"
      // Named without the word "runs", which would also match the Runs field by its label.
      aria-label="Preview of the headline figures"
      data-testid="preview"
      data-status={state.status}
      // Focusable: on phones the figures scroll sideways, and keyboard users must reach them.
      tabIndex={0}
    >
      <div className="preview-label small">
        <strong>{label}</strong>
        <span className="muted" data-testid="preview-status">
          {' '}
          · {statusText(state)}
        </span>
      </div>
      {figures ? (
        <ul className={`preview-list${state.status === 'current' ? '' : ' preview-old'}`}>
          {figures.result.strategies.map((s, i) => (
            <li key={s.id} data-testid={`preview-${s.id}`}>
              <span
                className="dot"
                style={{ background: colorAt(STRATEGY_COLORS, i) }}
                aria-hidden="true"
              />
              <span className="preview-name">{s.name}</span>{' '}
              <span className="preview-value" data-testid="preview-expected-cost">
                {formatUsd(s.totals.totalCostUsd.mean)}
              </span>
              <span className="muted">
                {' '}
                P95 {formatUsd(s.totals.totalCostUsd.p95)}
                {s.budget ? ` · ${formatPct(s.budget.pOverBudget, 0)} over budget` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
