'use client';

import type { RunState } from './use-simulation';

export function RunProgress({ state, onCancel }: { state: RunState; onCancel?: () => void }) {
  if (state.status !== 'running') return null;
  const pct = Math.round(state.progress * 100);
  return (
    <div className="card row" data-testid="run-progress">
      <span>{state.label}</span>
      <div
        className="progress"
        role="progressbar"
        aria-label="Simulation progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        <div style={{ width: `${pct}%` }} />
      </div>
      <span className="muted small" style={{ width: 36, textAlign: 'right' }}>
        {pct}%
      </span>
      {onCancel ? (
        <button type="button" className="btn btn-small" onClick={onCancel}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}
