import { notFound } from 'next/navigation';
import { ShareView } from '@/components/share-view';
import { loadSavedScenarioOnce, savedScenarioMetadata } from '@/lib/saved-scenario';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return savedScenarioMetadata((await params).id, (name) => name);
}

export default async function SharedScenarioPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const saved = await loadSavedScenarioOnce(id);
  if (!saved) notFound();
  return <ShareView saved={saved} />;
}
