'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScenarioInput, SimulationResult } from '@crosswind/schema';
import { ApiError, followJob, runSimulation, startSimulationJob } from '@/lib/api';

export type RunState =
  | { status: 'idle' }
  | { status: 'running'; progress: number; startedAt: number; label: string }
  | { status: 'done'; result: SimulationResult; elapsedMs: number }
  | { status: 'error'; message: string; path?: string };

/** Rough throughput of the engine (run-months-strategies-offers per second) for the progress estimate. */
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

/**
 * Runs a simulation through the API with a progress bar. The bar follows the server's progress
 * stream when there is one; otherwise it follows an estimate from the size of the work and
 * never claims to be done before the answer arrives.
 */
export function useSimulation() {
  const [state, setState] = useState<RunState>({ status: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);

  const stopTimer = () => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  };
  useEffect(
    () => () => {
      stopTimer();
      abort.current?.abort();
    },
    [],
  );

  const run = useCallback(
    async (
      input: { scenario: ScenarioInput } | { scenarioId: string },
      hint?: { scenario?: ScenarioInput; runs?: number },
    ) => {
      abort.current?.abort();
      stopTimer();
      const controller = new AbortController();
      abort.current = controller;
      const runs =
        hint?.runs ??
        (typeof hint?.scenario?.simulation?.runs === 'number'
          ? hint.scenario.simulation.runs
          : 2000);
      const expected = estimateSeconds(hint?.scenario, runs);
      const startedAt = Date.now();
      const label = `Simulating ${runs.toLocaleString('en-US')} worlds…`;
      setState({ status: 'running', progress: 0, startedAt, label });
      timer.current = setInterval(() => {
        const t = (Date.now() - startedAt) / 1000;
        // Approaches 95% as elapsed time passes the estimate; the last 5% is the answer itself.
        const progress = 0.95 * (1 - Math.exp(-t / expected));
        setState((s) => (s.status === 'running' ? { ...s, progress } : s));
      }, 150);
      try {
        let result;
        let streamed = false;
        try {
          const job = await startSimulationJob(input, { signal: controller.signal });
          result = await followJob(
            job,
            (done, total) => {
              if (total <= 0) return;
              if (!streamed) {
                streamed = true;
                stopTimer();
              }
              setState((s) =>
                s.status === 'running' ? { ...s, progress: Math.min(0.99, done / total) } : s,
              );
            },
            controller.signal,
          );
        } catch (e) {
          // Servers without background jobs: run in one request with the estimated bar.
          if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 405)) throw e;
          result = await runSimulation(input, { signal: controller.signal });
        }
        stopTimer();
        setState({ status: 'done', result, elapsedMs: Date.now() - startedAt });
        return result;
      } catch (e) {
        stopTimer();
        if (controller.signal.aborted) {
          setState({ status: 'idle' });
          return null;
        }
        const message =
          e instanceof ApiError
            ? e.status === 429 || e.status === 503
              ? `The simulator is busy. Please try again${e.retryAfterSeconds ? ` in ${e.retryAfterSeconds} s` : ' shortly'}.`
              : e.message
            : 'Could not reach the simulator. Check that the server is running.';
        setState({
          status: 'error',
          message,
          ...(e instanceof ApiError && e.path ? { path: e.path } : {}),
        });
        return null;
      }
    },
    [],
  );

  const cancel = useCallback(() => {
    abort.current?.abort();
    stopTimer();
    setState({ status: 'idle' });
  }, []);

  return { state, run, cancel };
}
