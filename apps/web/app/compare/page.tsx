import type { Metadata } from 'next';
import { CompareView } from '@/components/compare-view';

export const metadata: Metadata = { title: 'Compare' };

export default async function ComparePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const raw = typeof sp.ids === 'string' ? sp.ids : '';
  const ids = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ].slice(0, 4);
  return <CompareView ids={ids} />;
}
