import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '@crosswind/schema';
import { june2026, june2026Scenario } from './fixtures.js';
import { mergeBatches, simulate, simulateRange, summarizeBatch } from './index.js';
import { idealOffer, singleRoute, testScenario } from './test-scenarios.js';
import type { RunBatch } from './types.js';

const scenario = june2026Scenario();

function range(start: number, end: number, seed: number | string): RunBatch {
  const r = simulateRange(scenario, { seed, start, end });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe('determinism', () => {
  it('same scenario + seed + runs gives the same result, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.string({ minLength: 1, maxLength: 8 })),
        (seed) => {
          const a = simulate(scenario, { seed, runs: 40 });
          const b = simulate(scenario, { seed, runs: 40 });
          expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        },
      ),
      { numRuns: 5 },
    );
  });

  it('different seeds give different results', () => {
    const a = simulate(scenario, { seed: 1, runs: 40 });
    const b = simulate(scenario, { seed: 2, runs: 40 });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  it('any split into shards, merged in any order, equals one call', () => {
    const runs = 120;
    const whole = simulate(scenario, { seed: 9, runs });
    if (!whole.ok) throw new Error('simulation failed');
    const expected = JSON.stringify(whole.value);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: runs - 1 }), { maxLength: 5 }),
        fc.func(fc.integer()),
        (cuts, order) => {
          const bounds = [0, ...[...cuts].sort((a, b) => a - b), runs];
          const shards = bounds.slice(1).map((end, i) => range(bounds[i] ?? 0, end, 9));
          const shuffled = [...shards].sort((x, y) => order(x.start) - order(y.start));
          expect(JSON.stringify(summarizeBatch(scenario, mergeBatches(shuffled)))).toBe(expected);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('adding a strategy does not change the others (common random numbers per entity)', () => {
    const base = testScenario({
      offers: [
        idealOffer('a', { outages: { ratePerMonth: 3, durationHours: { mu: 1, sigma: 1 } } }),
        idealOffer('b'),
      ],
      strategies: [singleRoute('one', 'a', ['b'])],
    });
    const more = {
      ...base,
      strategies: [
        ...base.strategies,
        ...testScenario({ offers: base.world.offers, strategies: [singleRoute('two', 'b')] })
          .strategies,
      ],
    };
    const a = simulate(base, { runs: 200 });
    const b = simulate(more, { runs: 200 });
    if (!a.ok || !b.ok) throw new Error('simulation failed');
    expect(b.value.strategies[0]).toEqual(a.value.strategies[0]);
  });

  it('rejects a bad run range as a value, not an exception', () => {
    const r = simulateRange(scenario, { seed: 1, start: 5, end: 2 });
    expect(r.ok).toBe(false);
  });
});

describe('invariants of results', () => {
  const r = simulate(scenario, { seed: 4, runs: 300 });
  if (!r.ok) throw new Error('simulation failed');
  const result = r.value;

  it('P5 <= P25 <= P50 <= P75 <= P95 and min <= mean <= max, for every total and every month', () => {
    for (const st of result.strategies) {
      for (const stats of Object.values(st.totals)) {
        expect(stats.min).toBeLessThanOrEqual(stats.p5);
        expect(stats.p5).toBeLessThanOrEqual(stats.p25);
        expect(stats.p25).toBeLessThanOrEqual(stats.p50);
        expect(stats.p50).toBeLessThanOrEqual(stats.p75);
        expect(stats.p75).toBeLessThanOrEqual(stats.p95);
        expect(stats.p95).toBeLessThanOrEqual(stats.max);
        expect(stats.cvar95).toBeGreaterThanOrEqual(stats.p95 - 1e-9 * Math.abs(stats.p95));
      }
      for (const bands of [st.monthly.costUsd, st.monthly.servedShare, st.monthly.unservedTasks]) {
        bands.p5.forEach((v, t) => {
          expect(v).toBeLessThanOrEqual(bands.p50[t] ?? Number.NaN);
          expect(bands.p50[t]).toBeLessThanOrEqual(bands.p95[t] ?? Number.NaN);
        });
      }
    }
  });

  it('total-cost and paired-difference histograms count every run, between min and max', () => {
    const hists = [
      ...result.strategies.map((s) => s.totals.totalCostUsd),
      ...result.pairwise.map((p) => p.costDiffUsd),
    ];
    for (const stats of hists) {
      const h = stats.histogram;
      expect(h).toBeDefined();
      if (!h) continue;
      expect(h.counts.reduce((a, b) => a + b, 0)).toBe(result.runs);
      expect(h.edges.length).toBe(h.counts.length + 1);
      expect(h.edges[0]).toBe(stats.min);
      expect(h.edges[h.edges.length - 1]).toBe(stats.max);
    }
  });

  it('mean shares by offer sum to 1 in every month with service, and served share is in [0, 1]', () => {
    for (const st of result.strategies) {
      result.months.forEach((_, t) => {
        const sum = Object.values(st.monthly.shareByOffer).reduce(
          (acc, b) => acc + (b.mean[t] ?? 0),
          0,
        );
        const served = st.monthly.servedShare.mean[t] ?? 0;
        if ((st.monthly.servedShare.p5[t] ?? 0) > 0) expect(sum).toBeCloseTo(1, 5);
        expect(served).toBeGreaterThanOrEqual(0);
        expect(served).toBeLessThanOrEqual(1 + 1e-12);
      });
    }
  });

  it('property: random small worlds keep shares summing to 1 and percentiles ordered', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.double({ min: -2, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.integer({ min: 1, max: 30 }),
        (rate, mu, hazard, horizon) => {
          const s = testScenario({
            horizonMonths: horizon,
            tasks: 100,
            offers: [
              idealOffer('a', { outages: { ratePerMonth: rate, durationHours: { mu, sigma: 1 } } }),
              idealOffer('b', { priceUsdPerMTokens: { input: 0, output: 2 } }),
            ],
            strategies: [singleRoute('s', 'a', ['b'])],
            shocks: [
              {
                id: 'ban',
                kind: 'ban',
                scope: { offers: ['a'] },
                timing: { hazardPerMonth: hazard },
              },
            ],
          });
          const res = simulate(s, { runs: 30, seed: 1 });
          if (!res.ok) throw new Error('simulation failed');
          const st = res.value.strategies[0];
          if (!st) throw new Error('no strategy');
          for (let t = 0; t < horizon; t++) {
            const sum =
              (st.monthly.shareByOffer.a?.mean[t] ?? 0) + (st.monthly.shareByOffer.b?.mean[t] ?? 0);
            expect(sum).toBeCloseTo(1, 5);
          }
          expect(st.totals.totalCostUsd.p5).toBeLessThanOrEqual(st.totals.totalCostUsd.p95);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('pinned output', () => {
  it('June 2026 at seed 2026 and 400 runs matches the snapshot (change it only on purpose)', () => {
    const r = simulate(scenario, { seed: 2026, runs: 400 });
    if (!r.ok) throw new Error('simulation failed');
    const digest = r.value.strategies.map((s) => ({
      id: s.id,
      totalCostUsd: s.totals.totalCostUsd,
      unservedTasks: s.totals.unservedTasks.mean,
      forcedMigrations: s.totals.forcedMigrations.mean,
      switchingCostUsd: s.totals.switchingCostUsd.mean,
      pOverBudget: s.budget?.pOverBudget,
      costM0: s.monthly.costUsd.p50[0],
      costM23: s.monthly.costUsd.p50[23],
    }));
    expect({
      engineVersion: r.value.engineVersion,
      digest,
      pairwise: r.value.pairwise.map((p) => [p.a, p.b, p.pACheaper]),
    }).toMatchSnapshot();
  });

  it('June 2026 with adaptive strategies at seed 5 and 300 runs matches the snapshot', () => {
    const v = validateScenario({
      ...june2026,
      strategies: june2026.strategies.map((st, i) => ({
        ...st,
        mode: 'adaptive',
        adaptive: { beta: 1 + i, riskAversion: 2 },
      })),
    });
    if (!v.ok) throw new Error('invalid scenario');
    const r = simulate(v.scenario, { seed: 5, runs: 300 });
    if (!r.ok) throw new Error('simulation failed');
    expect({
      engineVersion: r.value.engineVersion,
      digest: r.value.strategies.map((st) => ({
        id: st.id,
        totalCostUsd: st.totals.totalCostUsd.mean,
        p95: st.totals.totalCostUsd.p95,
        unservedTasks: st.totals.unservedTasks.mean,
        forcedMigrations: st.totals.forcedMigrations.mean,
        switchingCostUsd: st.totals.switchingCostUsd.mean,
        shareM12: Object.fromEntries(
          Object.entries(st.monthly.shareByOffer).map(([id, b]) => [id, b.mean[12]]),
        ),
      })),
    }).toMatchSnapshot();
  });
});
