'use client';

import { skipToken, useMutation } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScenarioInput, SimulationResult } from '@crosswind/schema';
import { describeApiError } from '@/lib/api-error';
import { useTRPC, type JobProgressEvent, type RouterInputs } from '@/lib/trpc';

/** A result the page has shown, kept while a new run is under way or after one is cancelled. */
export interface ShownResult {
  result: SimulationResult;
  /** when it arrived (ms since the epoch) */
  finishedAt: number;
  elapsedMs: number;
}

export type RunState =
  | { status: 'idle' }
  | {
      status: 'running';
      progress: number;
      /** whether `progress` is the server's count of finished runs (else an estimate) */
      measured: boolean;
      startedAt: number;
      label: string;
      previous: ShownResult | undefined;
    }
  | ({ status: 'done' } & ShownResult)
  | { status: 'cancelled'; previous: ShownResult | undefined }
  | { status: 'error'; message: string; path?: string; previous: ShownResult | undefined };

type RunInput = RouterInputs['simulation']['startJob'];

/** Rough throughput of the engine (run-months-strategies-offers per second) for the estimate. */
const CELLS_PER_SECOND = 4_000_000;

function estimateSeconds(scenario: ScenarioInput | undefined, runs: number): number {
  if (!scenario) return 3;
  const months =
    typeof scenario.world?.horizonMonths === 'number' ? scenario.world.horizonMonths : 24;
  const cells =
    runs *
    months *
    (scenario.strategies?.length ?? 1) *
    Math.max(1, scenario.world?.offers?.length ?? 1);
  return Math.max(1, cells / CELLS_PER_SECOND);
}

function lastShown(s: RunState): ShownResult | undefined {
  if (s.status === 'done')
    return { result: s.result, finishedAt: s.finishedAt, elapsedMs: s.elapsedMs };
  return s.status === 'idle' ? undefined : s.previous;
}

/**
 * Runs a simulation as a background job on the server (`simulation.startJob`) and follows it
 * through the tRPC subscription `simulation.progress` (server-sent events): the bar shows the
 * server's count of finished runs, and until the first count arrives an estimate from the size
 * of the work that never claims to be done before the answer. Cancelling stops following the
 * job and keeps the last result on show, marked as such.
 */
export function useSimulation() {
  const trpc = useTRPC();
  const [state, setState] = useState<RunState>({ status: 'idle' });
  const [jobId, setJobId] = useState<string | null>(null);
  const startJob = useMutation(trpc.simulation.startJob.mutationOptions());
  const { mutateAsync } = startJob;
  // Each run has a number; answers of a run that was replaced or cancelled are dropped.
  const runNumber = useRef(0);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);

  const stopTimer = () => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  };
  useEffect(() => stopTimer, []);

  const onEvent = useCallback((event: JobProgressEvent) => {
    if (event.type === 'progress') {
      if (event.total <= 0 || event.done <= 0) return;
      stopTimer();
      setState((s) =>
        s.status === 'running'
          ? { ...s, measured: true, progress: Math.min(0.99, event.done / event.total) }
          : s,
      );
      return;
    }
    setState((s) => {
      if (s.status !== 'running') return s;
      const now = Date.now();
      return event.type === 'result'
        ? { status: 'done', result: event.result, finishedAt: now, elapsedMs: now - s.startedAt }
        : {
            status: 'error',
            message: event.error.message,
            ...(event.error.path !== undefined ? { path: event.error.path } : {}),
            previous: s.previous,
          };
    });
    stopTimer();
    setJobId(null);
  }, []);

  useSubscription(
    trpc.simulation.progress.subscriptionOptions(jobId === null ? skipToken : { jobId }, {
      onData: onEvent,
      onError: (e) => {
        const failure = describeApiError(e);
        setState((s) =>
          s.status === 'running'
            ? {
                status: 'error',
                message:
                  failure.code === 'NOT_FOUND'
                    ? 'The server no longer knows this run (it may have restarted). Run it again.'
                    : failure.message,
                previous: s.previous,
              }
            : s,
        );
        stopTimer();
        setJobId(null);
      },
    }),
  );

  const run = useCallback(
    async (input: RunInput, hint?: { scenario?: ScenarioInput; runs?: number }) => {
      const n = ++runNumber.current;
      stopTimer();
      setJobId(null);
      const runs =
        input.runs ??
        hint?.runs ??
        (typeof hint?.scenario?.simulation?.runs === 'number'
          ? hint.scenario.simulation.runs
          : 2000);
      const expected = estimateSeconds(hint?.scenario, runs);
      const startedAt = Date.now();
      setState((s) => ({
        status: 'running',
        progress: 0,
        measured: false,
        startedAt,
        label: `Simulating ${runs.toLocaleString('en-US')} worlds…`,
        previous: lastShown(s),
      }));
      timer.current = setInterval(() => {
        const t = (Date.now() - startedAt) / 1000;
        // Approaches 95% as elapsed time passes the estimate; the last 5% is the answer itself.
        const progress = 0.95 * (1 - Math.exp(-t / expected));
        setState((s) => (s.status === 'running' && !s.measured ? { ...s, progress } : s));
      }, 150);
      try {
        const job = await mutateAsync(input);
        if (n !== runNumber.current) return;
        // Even a job that is already done is followed: its result arrives as the first event.
        setJobId(job.jobId);
      } catch (e) {
        if (n !== runNumber.current) return;
        const failure = describeApiError(e);
        setState((s) => ({
          status: 'error',
          message: failure.message,
          ...(failure.path !== undefined ? { path: failure.path } : {}),
          previous: lastShown(s),
        }));
        stopTimer();
      }
    },
    [mutateAsync],
  );

  const cancel = useCallback(() => {
    runNumber.current++;
    stopTimer();
    setJobId(null);
    setState((s) => (s.status === 'running' ? { status: 'cancelled', previous: s.previous } : s));
  }, []);

  return { state, run, cancel };
}
