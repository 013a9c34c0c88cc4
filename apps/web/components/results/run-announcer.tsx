'use client';

import { useEffect, useRef, useState } from 'react';
import { formatCount } from '@/lib/format';

/** The parts of a run's state the announcement needs (use-simulation's RunState fits). */
export type AnnouncedRun =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: { runs: number; strategies: readonly unknown[] }; elapsedMs?: number }
  | { status: 'error'; message: string }
  | { status: string };

function announcementOf(state: AnnouncedRun): string | null {
  if (state.status === 'running') return 'Simulation started.';
  if (state.status === 'done' && 'result' in state) {
    const { runs, strategies } = state.result;
    const secs =
      'elapsedMs' in state && typeof state.elapsedMs === 'number'
        ? ` in ${(state.elapsedMs / 1000).toFixed(1)} s`
        : '';
    return `Simulation finished${secs}: ${formatCount(runs)} runs, ${strategies.length} strategies. Results are below.`;
  }
  if (state.status === 'error' && 'message' in state)
    return `The simulation did not run: ${state.message}`;
  return null;
}

/**
 * A polite live region that tells screen-reader users when a run starts and ends (or fails),
 * since the progress bar and the results appear out of their focus. It is always in the page,
 * empty at first: a live region added together with its text is not reliably announced.
 */
export function RunAnnouncer({ state }: { state: AnnouncedRun }) {
  const [text, setText] = useState('');
  const previous = useRef<string>('idle');
  useEffect(() => {
    if (state.status === previous.current) return;
    previous.current = state.status;
    const next = announcementOf(state);
    if (next) setText(next);
  }, [state]);
  return (
    <div className="visually-hidden" aria-live="polite" role="status" data-testid="run-announcer">
      {text}
    </div>
  );
}
