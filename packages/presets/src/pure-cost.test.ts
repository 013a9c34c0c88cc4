import { simulate } from '@crosswind/engine';
import { validateScenario } from '@crosswind/schema';
import { describe, expect, it } from 'vitest';
import { pureCost } from './pure-cost.js';

describe('pure-cost preset, from the engine outputs', () => {
  const v = validateScenario(pureCost);
  if (!v.ok) throw new Error(v.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  const r = simulate(v.scenario, { runs: 200, seed: 1 });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  const byId = new Map(r.value.strategies.map((s) => [s.id, s]));

  it('serves every task on every offer: nothing can go down, be banned or run out', () => {
    for (const s of r.value.strategies) {
      expect(s.totals.unservedTasks.max, s.id).toBe(0);
      expect(s.totals.forcedMigrations.max, s.id).toBe(0);
    }
  });

  it('is deterministic except where token use is uncertain (DeepSeek lognormal multiplier)', () => {
    for (const s of r.value.strategies) {
      const { sd, mean } = s.totals.totalCostUsd;
      if (s.id === 'only-deepseek-v4-pro') expect(sd / mean, s.id).toBeGreaterThan(0.1);
      else expect(sd / mean, s.id).toBeLessThan(1e-9);
    }
  });

  it('ranks Fable 5 as the dearest way to solve these tasks', () => {
    const cost = (id: string) => byId.get(id)?.totals.totalCostUsd.mean ?? Number.NaN;
    const others = r.value.strategies.filter((s) => s.id !== 'only-fable-5').map((s) => cost(s.id));
    expect(cost('only-fable-5')).toBeGreaterThan(Math.max(...others));
  });
});
