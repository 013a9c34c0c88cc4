import { notFound } from 'next/navigation';
import { ScenarioEditor } from '@/components/editor/scenario-editor';
import { loadSavedScenarioOnce, savedScenarioMetadata } from '@/lib/saved-scenario';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return savedScenarioMetadata((await params).id, (name) => `Edit ${name}`);
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
  const saved = await loadSavedScenarioOnce(id);
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
