import { describe, expect, it } from 'vitest';
import { simulationCost } from './cost.js';
import { simulateRange } from './simulate.js';
import { summarizePrepared } from './summarize.js';
import { prepareScenario } from './compile/prepare.js';
import { june2026Scenario } from './fixtures.js';
import { stressCases } from './stress-scenarios.js';
import { transferables } from './merge.js';

describe('simulationCost', () => {
  const cases = [{ name: 'June 2026', scenario: june2026Scenario(), runs: 4000 }, ...stressCases()];

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: the result and the batch fit in their estimates',
    (_name, c) => {
      const runs = 2;
      const prepared = prepareScenario(c.scenario, c.scenario.simulation.seed);
      if (!prepared.ok) throw new Error(JSON.stringify(prepared.errors));
      const r = simulateRange(c.scenario, {
        seed: c.scenario.simulation.seed,
        start: 0,
        end: runs,
      });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      const batchBytes = transferables(r.value).reduce((a, b) => a + b.byteLength, 0);
      const json = JSON.stringify(summarizePrepared(prepared.value, r.value));
      const cost = simulationCost(prepared.value, runs, 1);
      expect(json.length).toBeLessThanOrEqual(cost.resultBytes);
      // one shard and the merged copy
      expect(2 * batchBytes).toBeLessThanOrEqual(cost.memoryBytes);
    },
    // Two runs of 50 x 50 cells take 1–6 s depending on the machine's load: a size check, not a timing.
    60_000,
  );

  it('grows with runs, months, cells and outage rates', () => {
    const [june, manyOffers, manyCells] = cases;
    if (!june || !manyOffers || !manyCells) throw new Error('missing cases');
    const cost = (c: typeof june, runs: number) => {
      const p = prepareScenario(c.scenario, 1);
      if (!p.ok) throw new Error('invalid');
      return simulationCost(p.value, runs);
    };
    expect(cost(june, 2000).workUnits).toBeCloseTo(2 * cost(june, 1000).workUnits, -3);
    // A run of 50 workloads x 50 regions, or of 100 offers with 200 outages a month, is far
    // more work than a run of June 2026 (the old budget counted only runs x months x offers x
    // strategies, and ranked the many-cells case below June 2026 x 4).
    expect(cost(manyCells, 1).workUnits).toBeGreaterThan(1000 * cost(june, 1).workUnits);
    expect(cost(manyOffers, 1).workUnits).toBeGreaterThan(50 * cost(june, 1).workUnits);
  });
});
