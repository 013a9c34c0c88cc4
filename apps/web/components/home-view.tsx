'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@/lib/format';
import { useMyScenarios } from '@/lib/my-scenarios';
import { useTRPC, type PresetSummary } from '@/lib/trpc';

/** June 2026 first: it is the canonical scenario. */
function canonicalFirst({ presets }: { presets: PresetSummary[] }): PresetSummary[] {
  return [...presets].sort((a, b) => Number(b.id === 'june-2026') - Number(a.id === 'june-2026'));
}

export function HomeView() {
  const trpc = useTRPC();
  const presets = useQuery({
    ...trpc.preset.list.queryOptions(),
    select: canonicalFirst,
    staleTime: Infinity,
  });
  const recent = useMyScenarios();
  const [picked, setPicked] = useState<string[]>([]);
  const router = useRouter();

  return (
    <div className="stack" style={{ gap: 8 }}>
      <section className="hero">
        <h1>What will each way of buying AI cost you, and how likely is it to go wrong?</h1>
        <p className="lede">
          Crosswind simulates thousands of possible futures of bans, outages, price moves and model
          releases, and shows how each vendor strategy holds up in cost, service and budget risk,
          compared on the same worlds.
        </p>
        <div className="row" style={{ marginTop: 12 }}>
          <Link className="btn btn-primary" href="/scenarios/new?preset=june-2026">
            Start from June 2026
          </Link>
          <Link className="btn" href="/scenarios/new?blank=1">
            New blank scenario
          </Link>
        </div>
      </section>

      <div className="section-title">
        <h2>Start from a preset</h2>
      </div>
      {presets.isPending ? <p className="muted">Loading presets…</p> : null}
      {presets.isError ? (
        <div className="alert alert-error" role="alert">
          Could not load the presets: {presets.error.message}
        </div>
      ) : null}
      <div className="grid-3" data-testid="preset-cards">
        {presets.data?.map((p) => (
          <Link
            key={p.id}
            href={`/scenarios/new?preset=${encodeURIComponent(p.id)}`}
            className="preset-card"
            data-testid={`preset-${p.id}`}
          >
            {p.id === 'june-2026' ? (
              <span className="tag">Canonical</span>
            ) : (
              <span className="tag tag-gray">Preset</span>
            )}
            <h3 style={{ margin: 0 }}>{p.name}</h3>
            <p className="question" style={{ margin: 0 }}>
              {p.question}
            </p>
            <span className="cta" aria-hidden="true">
              Open in the editor →
            </span>
          </Link>
        ))}
      </div>

      <div className="section-title">
        <h2>Your saved scenarios</h2>
        <button
          type="button"
          className="btn btn-small"
          disabled={picked.length < 2 || picked.length > 4}
          onClick={() => router.push(`/compare?ids=${picked.join(',')}`)}
        >
          Compare selected ({picked.length})
        </button>
      </div>
      <div className="card" style={{ padding: '4px 20px' }}>
        {recent === null ? <p className="muted">Loading…</p> : null}
        {recent?.length === 0 ? (
          <p className="muted" style={{ padding: '12px 0' }}>
            Nothing saved in this browser yet. Saved scenarios get a link you can share.
          </p>
        ) : null}
        <ul className="list" data-testid="recent-list">
          {recent?.map((s) => (
            <li key={s.id}>
              <input
                type="checkbox"
                aria-label={`Select ${s.name} for comparison`}
                checked={picked.includes(s.id)}
                onChange={(e) =>
                  setPicked((p) => (e.target.checked ? [...p, s.id] : p.filter((x) => x !== s.id)))
                }
              />
              <Link href={`/s/${s.id}`} style={{ fontWeight: 560 }}>
                {s.name}
              </Link>
              {s.parentId ? <span className="tag tag-gray">fork</span> : null}
              <span className="spacer" />
              <span className="muted small">{formatDateTime(s.savedAt)}</span>
            </li>
          ))}
        </ul>
      </div>
      <p className="small muted" style={{ marginTop: 12 }}>
        Select two to four saved scenarios to compare their inputs and outcomes side by side. This
        list is kept in this browser only; the server does not list saved scenarios.
      </p>
    </div>
  );
}
