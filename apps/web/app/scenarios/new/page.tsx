import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { EditorLoader } from '@/components/editor/editor-loader';

export const metadata: Metadata = { title: 'Scenario editor' };

export default async function NewScenarioPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const one = (k: string) => {
    const v = sp[k];
    return typeof v === 'string' ? v : undefined;
  };
  const h = await headers();
  const origin = `${h.get('x-forwarded-proto') ?? 'http'}://${h.get('host') ?? '127.0.0.1:3000'}`;
  const fork = one('fork');
  const preset = one('preset') ?? (one('blank') || fork ? undefined : 'june-2026');
  return <EditorLoader presetId={preset} forkId={fork} origin={origin} />;
}
