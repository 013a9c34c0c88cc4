import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { ScenarioEditor } from '@/components/editor/scenario-editor';
import { loadSavedScenario } from '@/lib/saved-scenario';

/** One read per request, shared by the metadata and the page. */
const load = cache(loadSavedScenario);

export async function generateMetadata({
  params,
}: {
  params: Promise<{ id: string }>;
}): Promise<Metadata> {
  const { id } = await params;
  const saved = await load(id).catch(() => null);
  return {
    title: saved ? `Edit ${saved.name}` : 'Scenario not found',
    robots: { index: false, follow: false },
    referrer: 'no-referrer',
  };
}

/**
 * A saved scenario in the editor: where the editor's URL goes after Save, so that a reload
 * shows what was saved. Saving changes makes a new version whose parent is this one.
 */
export default async function EditSavedScenarioPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const saved = await load(id);
  if (!saved) notFound();
  return (
    <ScenarioEditor
      key={saved.id}
      initial={saved.scenario}
      draftKey={`saved:${saved.id}`}
      saved={{ id: saved.id, parentId: saved.parentId }}
    />
  );
}
