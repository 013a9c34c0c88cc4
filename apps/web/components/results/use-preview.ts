'use client';

import { useEffect, useRef, useState } from 'react';
import type { SimulationResult } from '@crosswind/schema';
import {
  PREVIEW_RUNS,
  type PreviewCancel,
  type PreviewRequest,
  type PreviewResponse,
} from './preview-protocol';

/** A pause in typing this long starts a preview; a keystroke before then restarts the wait. */
export const PREVIEW_DEBOUNCE_MS = 150;

export interface PreviewFigures {
  result: SimulationResult;
  /** the scenario (JSON) the figures were computed from */
  scenarioJson: string;
  /** time in the worker */
  computeMs: number;
  /** time from the last edit to these figures (debounce + compute + messaging) */
  latencyMs: number;
}

export type PreviewState =
  /** no Web Workers here (very old browsers): no preview */
  | { status: 'unavailable' }
  /** the scenario has problems the editor lists: nothing to simulate */
  | { status: 'invalid'; last: PreviewFigures | null }
  /** an edit is waiting for the pause, or being simulated */
  | { status: 'updating'; last: PreviewFigures | null }
  | { status: 'current'; figures: PreviewFigures }
  | { status: 'error'; message: string; last: PreviewFigures | null };

function lastOf(state: PreviewState): PreviewFigures | null {
  if (state.status === 'current') return state.figures;
  return state.status === 'unavailable' ? null : state.last;
}

function spawnWorker(): Worker {
  return new Worker(new URL('./preview.worker.ts', import.meta.url), {
    type: 'module',
    name: 'crosswind-preview',
  });
}

/**
 * Simulates the scenario being edited in a Web Worker, PREVIEW_RUNS runs with the scenario's
 * own seed, whenever the user pauses typing. A run still going when the next edit arrives is
 * abandoned by the worker at its next block of runs (the worker stays warm); answers to older
 * requests are dropped. The first preview runs at once, which also warms the worker's JIT for later edits.
 */
export function usePreview(scenarioJson: string, valid: boolean): PreviewState {
  const [state, setState] = useState<PreviewState>({ status: 'updating', last: null });
  const worker = useRef<Worker | null>(null);
  /** id of the request the worker is computing, if any */
  const inFlight = useRef<number | null>(null);
  const latestId = useRef(0);
  const started = useRef(false);

  useEffect(
    () => () => {
      worker.current?.terminate();
      worker.current = null;
    },
    [],
  );

  useEffect(() => {
    if (typeof Worker === 'undefined') {
      setState({ status: 'unavailable' });
      return;
    }
    const editedAt = performance.now();
    // Whatever is computing describes an older scenario now. The worker drops it at its next
    // block when the next request arrives (or, with nothing valid to simulate, when the id moves
    // on); it stays alive and warm.
    const cancelInFlight = () => {
      inFlight.current = null;
    };
    if (!valid) {
      worker.current?.postMessage({ id: ++latestId.current, cancel: true } satisfies PreviewCancel);
      cancelInFlight();
      setState((s) => ({ status: 'invalid', last: lastOf(s) }));
      return;
    }
    setState((s) => ({ status: 'updating', last: lastOf(s) }));
    const delay = started.current ? PREVIEW_DEBOUNCE_MS : 0;
    started.current = true;
    const timer = setTimeout(() => {
      cancelInFlight();
      const id = ++latestId.current;
      const w = (worker.current ??= spawnWorker());
      w.onmessage = (e: MessageEvent<PreviewResponse>) => {
        const r = e.data;
        if (r.id !== latestId.current) return;
        inFlight.current = null;
        if (r.ok) {
          setState({
            status: 'current',
            figures: {
              result: r.result,
              scenarioJson,
              computeMs: r.computeMs,
              latencyMs: performance.now() - editedAt,
            },
          });
        } else {
          const first = r.errors[0];
          setState((s) => ({
            status: 'error',
            message: first ? `${first.path}: ${first.message}` : 'the preview could not run',
            last: lastOf(s),
          }));
        }
      };
      w.onerror = (e) => {
        e.preventDefault();
        if (inFlight.current !== id) return;
        inFlight.current = null;
        worker.current?.terminate();
        worker.current = null;
        setState((s) => ({
          status: 'error',
          message: 'the preview stopped unexpectedly',
          last: lastOf(s),
        }));
      };
      inFlight.current = id;
      const request: PreviewRequest = {
        id,
        scenario: JSON.parse(scenarioJson) as unknown,
        runs: PREVIEW_RUNS,
      };
      w.postMessage(request);
    }, delay);
    return () => clearTimeout(timer);
  }, [scenarioJson, valid]);

  return state;
}
