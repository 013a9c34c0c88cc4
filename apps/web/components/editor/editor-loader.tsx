'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import type { ScenarioInput } from '@crosswind/schema';
import { ScenarioEditor } from './scenario-editor';
import { getPresetScenario, getScenario } from '@/lib/api';
import { blankScenario } from '@/lib/templates';

/** Loads what the editor starts from: a preset, a saved scenario to fork, or a blank scenario. */
export function EditorLoader({
  presetId,
  forkId,
}: {
  presetId?: string | undefined;
  forkId?: string | undefined;
}) {
  const key = forkId ? `fork:${forkId}` : presetId ? `preset:${presetId}` : 'blank';
  const q = useQuery({
    queryKey: ['editor-source', key],
    queryFn: async (): Promise<ScenarioInput | null> => {
      if (forkId) {
        const saved = await getScenario(forkId);
        if (!saved) return null;
        return {
          ...saved.scenario,
          name: saved.scenario.name.endsWith('(fork)')
            ? saved.scenario.name
            : `${saved.scenario.name} (fork)`.slice(0, 120),
        };
      }
      if (presetId) return getPresetScenario(presetId);
      return blankScenario;
    },
    staleTime: Infinity,
  });
  if (q.isPending) return <p className="muted">Loading the scenario…</p>;
  if (q.isError)
    return (
      <div className="alert alert-error" role="alert">
        Could not load {forkId ? 'the saved scenario' : `the preset “${presetId}”`}:{' '}
        {q.error.message}. <Link href="/">Back to home</Link>
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
