import type { Metadata } from 'next';
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
  const fork = one('fork');
  const preset = one('preset') ?? (one('blank') || fork ? undefined : 'june-2026');
  return <EditorLoader presetId={preset} forkId={fork} />;
}
