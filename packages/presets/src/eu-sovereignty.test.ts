import { simulate } from '@crosswind/engine';
import { validateScenario } from '@crosswind/schema';
import { describe, expect, it } from 'vitest';
import { euSovereignty } from './eu-sovereignty.js';

describe('eu-sovereignty preset, from the engine outputs', () => {
  const v = validateScenario(euSovereignty);
  if (!v.ok) throw new Error(v.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  const r = simulate(v.scenario, { runs: 1000, seed: 5 });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  const totals = (id: string) => {
    const s = r.value.strategies.find((x) => x.id === id);
    if (!s) throw new Error(`no strategy ${id}`);
    return s.totals;
  };

  it('US APIs leave far more EU demand unserved than EU-hosted routes when a transfer ruling hits', () => {
    const usApis = totals('us-apis').unservedTasks.mean;
    for (const id of ['us-models-eu-hosted', 'eu-hosted-open', 'eu-self-host']) {
      expect(usApis, id).toBeGreaterThan(10 * totals(id).unservedTasks.mean);
    }
  });

  it('own GPUs in the EU never need a forced migration and cost the same in every world', () => {
    const selfHost = totals('eu-self-host');
    expect(selfHost.forcedMigrations.max).toBe(0);
    expect(selfHost.totalCostUsd.p95 - selfHost.totalCostUsd.p5).toBeLessThan(
      0.05 * selfHost.totalCostUsd.p50,
    );
  });
});
