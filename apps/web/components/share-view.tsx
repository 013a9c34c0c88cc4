'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Lineage } from './lineage';
import { RunAnnouncer } from './results/run-announcer';
import { RunResults } from './results/run-progress';
import { useSimulation } from './results/use-simulation';
import { ScenarioSummary } from './scenario-summary';
import { SharePanel } from './share-panel';
import { formatDateTime } from '@/lib/format';
import { useMyScenarios } from '@/lib/my-scenarios';
import type { SavedScenario } from '@/lib/trpc';

/** A saved scenario as its link shows it: inputs, results (cached by the API), fork and compare. */
export function ShareView({ saved }: { saved: SavedScenario }) {
  const sim = useSimulation();
  const router = useRouter();
  const [other, setOther] = useState('');
  // Only this browser's own saves: a shared link reveals its own scenario and nothing else.
  const mine = useMyScenarios();
  const { run } = sim;

  useEffect(() => {
    void run({ scenarioId: saved.id }, { scenario: saved.scenario });
  }, [run, saved]);

  return (
    <div className="stack">
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <div style={{ flex: '1 1 400px', minWidth: 0 }}>
          <div className="small muted">Saved scenario · {formatDateTime(saved.createdAt)}</div>
          <h1 style={{ marginTop: 4 }}>{saved.name}</h1>
          {saved.scenario.description ? <p className="lede">{saved.scenario.description}</p> : null}
        </div>
        <Link className="btn btn-primary" href={`/scenarios/new?fork=${saved.id}`}>
          Fork and edit
        </Link>
      </div>
      <SharePanel id={saved.id} />
      <Lineage id={saved.id} parentId={saved.parentId} />
      <ScenarioSummary scenario={saved.scenario} />
      <div className="card row">
        <label htmlFor="compare-with" className="field-label">
          Compare with one of your saved scenarios
        </label>
        <select
          id="compare-with"
          className="select"
          style={{ flex: 1, minWidth: 220 }}
          value={other}
          onChange={(e) => setOther(e.target.value)}
        >
          <option value="">Choose…</option>
          {mine
            ?.filter((s) => s.id !== saved.id)
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} · {formatDateTime(s.savedAt)}
              </option>
            ))}
        </select>
        <button
          type="button"
          className="btn"
          disabled={!other}
          onClick={() => router.push(`/compare?ids=${saved.id},${other}`)}
        >
          Compare
        </button>
      </div>
      <div className="section-title">
        <h2>Results</h2>
      </div>
      <RunResults
        state={sim.state}
        scenarioName={saved.name}
        describeError={(failure) => (
          <>
            Could not simulate this scenario: {failure.message}{' '}
            <button
              type="button"
              className="btn btn-small"
              onClick={() => void run({ scenarioId: saved.id }, { scenario: saved.scenario })}
            >
              Try again
            </button>
          </>
        )}
      />
      <RunAnnouncer state={sim.state} />
      <details className="card">
        <summary style={{ cursor: 'pointer' }}>Scenario JSON</summary>
        <pre className="mono" style={{ overflow: 'auto', maxHeight: 480 }}>
          {JSON.stringify(saved.scenario, null, 2)}
        </pre>
      </details>
    </div>
  );
}
