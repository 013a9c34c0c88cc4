'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@/lib/format';
import { useMyScenarios, type MySavedScenario } from '@/lib/my-scenarios';
import { useTRPC } from '@/lib/trpc';

interface ForkRow {
  id: string;
  name: string;
  at: string;
  /** saved from this browser */
  mine: boolean;
}

/** The forks saved from this browser and those the server lists, once each, newest first. */
export function mergeForks(
  parentId: string,
  mine: readonly MySavedScenario[],
  server: readonly { id: string; name: string; createdAt: string }[],
): ForkRow[] {
  const rows = new Map<string, ForkRow>();
  for (const s of mine)
    if (s.parentId === parentId)
      rows.set(s.id, { id: s.id, name: s.name, at: s.savedAt, mine: true });
  for (const s of server)
    if (!rows.has(s.id)) rows.set(s.id, { id: s.id, name: s.name, at: s.createdAt, mine: false });
  return [...rows.values()].sort((a, b) => b.at.localeCompare(a.at));
}

/**
 * Where a saved scenario comes from and what was made from it: a link to the scenario it was
 * forked from, and its forks. A share link reveals only its own scenario, so the forks are
 * those saved from this browser, plus the server's list only when the server lists saved
 * scenarios (CROSSWIND_LIST_RECENT, off by default); the panel says which.
 */
export function Lineage({ id, parentId }: { id: string | null; parentId: string | null }) {
  const trpc = useTRPC();
  const mine = useMyScenarios();
  const forks = useQuery({
    ...trpc.scenario.forks.queryOptions({ id: id ?? '' }),
    enabled: id !== null,
    staleTime: 30_000,
  });
  if (id === null && parentId === null) return null;
  const parentName = parentId ? mine?.find((s) => s.id === parentId)?.name : undefined;
  const rows = id === null ? [] : mergeForks(id, mine ?? [], forks.data?.forks ?? []);
  const listed = forks.data?.listed === true;
  return (
    <section className="card stack" style={{ gap: 8 }} aria-label="Lineage" data-testid="lineage">
      {parentId ? (
        <div data-testid="lineage-parent">
          Forked from{' '}
          <Link href={`/s/${parentId}`}>
            {parentName ? `“${parentName}”` : 'the scenario it was saved from'}
          </Link>
          {id ? (
            <>
              {' · '}
              <Link href={`/compare?ids=${parentId},${id}`}>Compare with the original</Link>
            </>
          ) : null}
        </div>
      ) : null}
      {id ? (
        <div>
          <strong>Forks of this scenario</strong>
          {rows.length === 0 ? (
            <p className="muted small" style={{ margin: '4px 0 0' }}>
              {forks.isPending ? 'Looking for forks…' : 'None yet.'}
            </p>
          ) : (
            <ul className="list" data-testid="fork-list">
              {rows.map((f) => (
                <li key={f.id}>
                  <Link href={`/s/${f.id}`}>{f.name}</Link>
                  {f.mine ? <span className="tag tag-gray">saved here</span> : null}
                  <span className="spacer" />
                  <span className="muted small">{formatDateTime(f.at)}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="small muted" style={{ margin: '4px 0 0' }} data-testid="fork-list-note">
            {listed
              ? 'Forks saved from this browser and those this server lists.'
              : 'Only forks saved from this browser are listed: this server does not list other people’s saved scenarios, and a share link reveals only its own scenario.'}
          </p>
        </div>
      ) : null}
    </section>
  );
}
