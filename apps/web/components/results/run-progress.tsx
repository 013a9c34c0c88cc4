'use client';

import type { ReactNode } from 'react';
import { ResultsView } from './results-view';
import type { RunState, ShownResult } from './use-simulation';

/** "14:03:27": when a shown result arrived (today, in the reader's time zone). */
function timeOf(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

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
        // "server" once the bar follows the server's count of finished runs, "estimate" before
        data-source={state.measured ? 'server' : 'estimate'}
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

/** The previous result under a note that says why it is shown and from when. */
function Previous({
  shown,
  note,
  scenarioName,
}: {
  shown: ShownResult;
  note: ReactNode;
  scenarioName: string;
}) {
  return (
    <div className="stack" data-testid="previous-result">
      <div className="alert alert-info" role="status" data-testid="previous-result-note">
        {note}
      </div>
      <ResultsView result={shown.result} scenarioName={scenarioName} />
    </div>
  );
}

/**
 * The results area of a page that runs simulations: the progress bar while a run is under
 * way, then its results; a cancelled or failed run keeps the last result on show, marked as
 * such. `describeError` words a failure (the editor names the field at fault).
 */
export function RunResults({
  state,
  scenarioName,
  onCancel,
  describeError,
  idle,
}: {
  state: RunState;
  /** named in downloads */
  scenarioName: string;
  onCancel?: () => void;
  describeError: (failure: { message: string; path?: string }) => ReactNode;
  idle?: ReactNode;
}) {
  switch (state.status) {
    case 'idle':
      return <>{idle ?? null}</>;
    case 'running':
      return (
        <>
          <RunProgress state={state} {...(onCancel ? { onCancel } : {})} />
          {state.previous ? (
            <Previous
              scenarioName={scenarioName}
              shown={state.previous}
              note={`A new run is under way — showing the previous result from ${timeOf(state.previous.finishedAt)} until it is done.`}
            />
          ) : null}
        </>
      );
    case 'done':
      return <ResultsView result={state.result} scenarioName={scenarioName} />;
    case 'cancelled':
      return state.previous ? (
        <Previous
          scenarioName={scenarioName}
          shown={state.previous}
          note={
            <>
              <strong>Run cancelled</strong> — showing the previous result from{' '}
              {timeOf(state.previous.finishedAt)}.
            </>
          }
        />
      ) : (
        <div className="card muted" role="status" data-testid="run-cancelled">
          Run cancelled. Press <strong>Run simulation</strong> to start again.
        </div>
      );
    case 'error':
      return (
        <>
          <div className="alert alert-error" role="alert" data-testid="run-error">
            {describeError(state)}
          </div>
          {state.previous ? (
            <Previous
              scenarioName={scenarioName}
              shown={state.previous}
              note={`Showing the previous result from ${timeOf(state.previous.finishedAt)}.`}
            />
          ) : null}
        </>
      );
  }
}
