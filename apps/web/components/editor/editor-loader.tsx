'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { ScenarioInput } from '@crosswind/schema';
import { ScenarioEditor } from './scenario-editor';
import { describeApiError } from '@/lib/api-error';
import { useTRPC } from '@/lib/trpc';
import { blankScenario } from '@/lib/templates';

/** Loads what the editor starts from: a preset, a saved scenario to fork, or a blank scenario. */
export function EditorLoader({
  presetId,
  forkId,
}: {
  presetId?: string | undefined;
  forkId?: string | undefined;
}) {
  const trpc = useTRPC();
  const key = forkId ? `fork:${forkId}` : presetId ? `preset:${presetId}` : 'blank';
  const preset = useQuery({
    ...trpc.preset.get.queryOptions({ id: presetId ?? '' }),
    enabled: !forkId && presetId !== undefined,
    staleTime: Infinity,
  });
  const saved = useQuery({
    ...trpc.scenario.get.queryOptions({ id: forkId ?? '' }),
    enabled: forkId !== undefined,
    staleTime: Infinity,
    retry: false,
  });
  const initial = useMemo((): ScenarioInput | null => {
    if (forkId) {
      if (!saved.data) return null;
      const name = saved.data.scenario.name;
      return {
        ...saved.data.scenario,
        name: name.endsWith('(fork)') ? name : `${name} (fork)`.slice(0, 120),
      };
    }
    if (presetId) return preset.data?.scenario ?? null;
    return blankScenario;
  }, [forkId, presetId, saved.data, preset.data]);
  const source = forkId ? saved : presetId ? preset : null;
  const absent =
    forkId !== undefined && saved.isError && describeApiError(saved.error).code === 'NOT_FOUND';
  const q = {
    isPending: source?.isPending ?? false,
    isError: (source?.isError ?? false) && !absent,
    error: source?.error ?? null,
    data: initial,
  };
  if (q.isPending) return <p className="muted">Loading the scenario…</p>;
  if (q.isError)
    return (
      <div className="alert alert-error" role="alert">
        Could not load {forkId ? 'the saved scenario' : `the preset “${presetId}”`}:{' '}
        {q.error ? describeApiError(q.error).message : ''}. <Link href="/">Back to home</Link>
      </div>
    );
  if (!q.data)
    return (
      <div className="not-found">
        <h1>That scenario does not exist</h1>
        <p className="muted">
          The link may be mistyped. <Link href="/">Start from a preset</Link> instead.
        </p>
      </div>
    );
  return (
    <ScenarioEditor
      key={key}
      initial={q.data}
      draftKey={key}
      {...(forkId ? { parentId: forkId } : {})}
    />
  );
}
