import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { ShareView } from '@/components/share-view';
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
    title: saved ? saved.name : 'Scenario not found',
    robots: { index: false, follow: false },
    referrer: 'no-referrer',
  };
}

export default async function SharedScenarioPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const saved = await load(id);
  if (!saved) notFound();
  return <ShareView saved={saved} />;
}
