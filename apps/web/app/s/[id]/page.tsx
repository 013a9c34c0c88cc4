import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { ShareView } from '@/components/share-view';
import { getScenario } from '@/lib/api';

async function apiOrigin(): Promise<string> {
  const h = await headers();
  return `${h.get('x-forwarded-proto') ?? 'http'}://${h.get('host') ?? '127.0.0.1:3000'}`;
}

export async function generateMetadata({
  params,
}: {
  params: Promise<{ id: string }>;
}): Promise<Metadata> {
  const { id } = await params;
  const saved = await getScenario(id, await apiOrigin()).catch(() => null);
  return {
    title: saved ? saved.name : 'Scenario not found',
    robots: { index: false, follow: false },
    referrer: 'no-referrer',
  };
}

export default async function SharedScenarioPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const origin = await apiOrigin();
  const saved = await getScenario(id, origin);
  if (!saved) notFound();
  return <ShareView saved={saved} origin={origin} />;
}
