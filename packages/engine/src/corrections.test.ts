import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '@crosswind/schema';
import { simulate } from './index.js';
import { idealOffer, singleRoute, testScenario } from './test-scenarios.js';

/**
 * The five corrections of issue 12 (docs/model.md, sections 6.3 to 6.6). Each case is small
 * enough to work out by hand, and each failed on the engine before the corrections (0.3.3).
 */

type OfferInput = ScenarioInput['world']['offers'][number];
type ShockInput = NonNullable<ScenarioInput['world']['shocks']>[number];

const ban = (id: string, offer: string, atMonth: number, months?: number): ShockInput => ({
  id,
  kind: 'ban',
  scope: { offers: [offer] },
  timing: { atMonth },
  duration: months === undefined ? 'permanent' : { months },
});

function run(scenario: ReturnType<typeof testScenario>, runs = 2) {
  const r = simulate(scenario, { runs, seed: 3 });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

/** A self-hosted cluster of one replica: 1M output tokens per task, quality 100. */
function cluster(id: string, gpuHourUsd: number, extra: Partial<OfferInput> = {}): OfferInput {
  return idealOffer(id, {
    kind: 'selfHost',
    openWeights: true,
    priceUsdPerMTokens: { input: 0, output: 0 },
    selfHost: {
      gpuHourUsd,
      gpusPerReplica: 1,
      replicas: 1,
      outputTokensPerSecondPerReplica: 1000,
      utilisationCeiling: 1,
      inputTokenWeight: 0.1,
      leadTimeMonths: 0,
      setupCostUsd: 0,
      monthlyOpsUsd: 0,
    },
    ...extra,
  });
}

describe('a. switching through "no offer"', () => {
  const strategy = singleRoute('s', 'a', ['b'], {
    switching: { lagMonths: 1, switchCostUsd: 100 },
  });

  it('A -> (no offer) -> B pays the switching cost once, as A -> B would', () => {
    // Month 3: a is banned for good and b for one month, so nothing serves; month 4: b.
    const result = run(
      testScenario({
        offers: [idealOffer('a'), idealOffer('b')],
        strategies: [strategy],
        shocks: [ban('ban-a', 'a', 3), ban('ban-b', 'b', 3, 1)],
      }),
    );
    const st = result.strategies[0];
    expect(st?.totals.switchingCostUsd.mean).toBe(100);
    expect(st?.totals.forcedMigrations.mean).toBe(1);
    expect(st?.totals.unservedTasks.mean).toBe(1);
  });

  it('A -> (no offer) -> A pays nothing', () => {
    const result = run(
      testScenario({
        offers: [idealOffer('a'), idealOffer('b')],
        strategies: [strategy],
        shocks: [ban('ban-a', 'a', 3, 1), ban('ban-b', 'b', 3, 1)],
      }),
    );
    const st = result.strategies[0];
    // The inertia bonus keeps e^-50 of the share on b: a move of 2e-22 of a cell.
    expect(st?.totals.switchingCostUsd.mean).toBeCloseTo(0, 12);
    expect(st?.totals.forcedMigrations.mean).toBe(1);
  });
});

describe('b. capacity cuts on offers without a token cap', () => {
  const cut = (capacityFactor: number, regions?: string[]): ShockInput => ({
    id: 'cut-a',
    kind: 'capacityCut',
    scope: regions ? { offers: ['a'], regions } : { offers: ['a'] },
    timing: { atMonth: 0 },
    duration: 'permanent',
    capacityFactor,
  });

  it.each([0, 0.25, 1])(
    'a cut to %s of capacity leaves that share of the offer available; the rest goes down the chain',
    (factor) => {
      const result = run(
        testScenario({
          tasks: 100,
          horizonMonths: 6,
          offers: [
            idealOffer('a'),
            idealOffer('b', { priceUsdPerMTokens: { input: 0, output: 2 } }),
          ],
          strategies: [singleRoute('s', 'a', ['b'])],
          shocks: [cut(factor)],
        }),
      );
      const st = result.strategies[0];
      expect(st?.costByOfferMeanUsd.a ?? 0).toBeCloseTo(6 * 100 * factor, 9);
      expect(st?.costByOfferMeanUsd.b ?? 0).toBeCloseTo(6 * 100 * (1 - factor) * 2, 9);
      expect(st?.totals.unservedTasks.mean).toBeCloseTo(0, 9);
    },
  );

  it('a cut without a fallback leaves the cut share unserved; adaptive strategies see it too', () => {
    const adaptive = {
      id: 'ad',
      name: 'Adaptive',
      mode: 'adaptive' as const,
      adaptive: { beta: 1, riskAversion: 0 },
      routes: [{ primary: [{ offer: 'a', weight: 1 }], fallbacks: [] }],
    };
    const result = run(
      testScenario({
        tasks: 100,
        horizonMonths: 4,
        offers: [idealOffer('a')],
        strategies: [singleRoute('s', 'a'), adaptive],
        shocks: [cut(0.4)],
      }),
    );
    for (const st of result.strategies) expect(st.totals.unservedTasks.mean).toBeCloseTo(240, 9);
  });

  it('a region-scoped cut removes availability only in its regions', () => {
    const result = run(
      testScenario({
        tasks: 100,
        horizonMonths: 2,
        regions: [
          { id: 'x', name: 'X', demandShare: 0.5, jurisdiction: 'US' },
          { id: 'y', name: 'Y', demandShare: 0.5, jurisdiction: 'US' },
        ],
        offers: [idealOffer('a')],
        strategies: [singleRoute('s', 'a')],
        shocks: [cut(0, ['x'])],
      }),
    );
    expect(result.strategies[0]?.totals.unservedTasks.mean).toBeCloseTo(2 * 50, 9);
  });
});

describe('c. adaptive mode ranks self-hosted offers by their full cost per successful task', () => {
  it('two clusters at 50x different GPU prices split by the softmax of their costs, not 50/50', () => {
    const beta = 0.5;
    const result = run(
      testScenario({
        horizonMonths: 3,
        tasks: 10,
        offers: [cluster('cheap', 1), cluster('dear', 50)],
        strategies: [
          {
            id: 'ad',
            name: 'Adaptive',
            mode: 'adaptive',
            adaptive: { beta, riskAversion: 0 },
            routes: [
              {
                primary: [
                  { offer: 'cheap', weight: 0.5 },
                  { offer: 'dear', weight: 0.5 },
                ],
                fallbacks: [],
              },
            ],
          },
        ],
      }),
    );
    // Cost per task = 1 M tokens x monthly GPU cost / monthly capacity (M tokens); the same
    // capacity, so the ratio of costs is the ratio of GPU prices.
    const target = 1 / (1 + 50 ** -beta);
    const shares = result.strategies[0]?.monthly.shareByOffer.cheap?.mean ?? [];
    expect(shares).toHaveLength(3);
    for (const share of shares) expect(Math.abs(share - target)).toBeLessThan(1e-6);
  });

  it('a cluster against an API: shares by the softmax of cost per task, GPU bill included', () => {
    // One task is 1 M tokens; the cluster's 2,629.8 M tokens a month cost 2000 USD: 0.76 USD a
    // task against the API's 1 USD (ranked by list price it cost 0 and took everything).
    const result = run(
      testScenario({
        horizonMonths: 2,
        offers: [cluster('own', 2000 / 730.5), idealOffer('api')],
        strategies: [
          {
            id: 'ad',
            name: 'Adaptive',
            mode: 'adaptive',
            adaptive: { beta: 1, riskAversion: 0 },
            routes: [{ primary: [{ offer: 'own', weight: 1 }], fallbacks: ['api'] }],
          },
        ],
      }),
    );
    const perTask = 2000 / ((1000 * 3600 * 730.5) / 1e6);
    const ownShare = 1 / (1 + perTask);
    const shares = result.strategies[0]?.monthly.shareByOffer.own?.mean ?? [];
    for (const share of shares) expect(Math.abs(share - ownShare)).toBeLessThan(1e-6);
  });
});

describe('d. adaptive mode: only bans force a migration', () => {
  it('a self-hosted primary that is not ready yet is no forced migration', () => {
    const result = run(
      testScenario({
        horizonMonths: 6,
        offers: [
          cluster('own', 1, {
            selfHost: {
              gpuHourUsd: 1,
              gpusPerReplica: 1,
              replicas: 1,
              outputTokensPerSecondPerReplica: 1000,
              utilisationCeiling: 1,
              inputTokenWeight: 0.1,
              leadTimeMonths: 3,
              setupCostUsd: 0,
              monthlyOpsUsd: 0,
            },
          }),
          idealOffer('api'),
        ],
        strategies: [
          {
            id: 'ad',
            name: 'Adaptive',
            mode: 'adaptive',
            adaptive: { beta: 1, riskAversion: 0 },
            routes: [{ primary: [{ offer: 'own', weight: 1 }], fallbacks: ['api'] }],
          },
        ],
      }),
    );
    const st = result.strategies[0];
    expect(st?.totals.forcedMigrations.max).toBe(0);
    expect(st?.monthly.forcedMigrationsMean.every((f) => f === 0)).toBe(true);
    expect(result.samples[0]?.events.some((e) => e.kind === 'forcedMigration')).toBe(false);
    // Until the cluster is ready the API serves everything.
    expect(st?.monthly.shareByOffer.api?.mean.slice(0, 3)).toEqual([1, 1, 1]);
    expect(st?.totals.unservedTasks.mean).toBe(0);
  });

  it('a ban still forces', () => {
    const result = run(
      testScenario({
        horizonMonths: 3,
        offers: [idealOffer('a'), idealOffer('b')],
        strategies: [
          {
            id: 'ad',
            name: 'Adaptive',
            mode: 'adaptive',
            adaptive: { beta: 1, riskAversion: 0 },
            routes: [{ primary: [{ offer: 'a', weight: 1 }], fallbacks: ['b'] }],
            switching: { lagMonths: 4, switchCostUsd: 0, inertiaBonus: 10 },
          },
        ],
        shocks: [ban('ban-a', 'a', 1)],
      }),
    );
    expect(result.strategies[0]?.monthly.forcedMigrationsMean).toEqual([0, 1, 0]);
  });
});

describe('e. adaptive mode charges the net share moved per offer and month', () => {
  it('a forced move and the 1/lag step in the same month pay for the net move once', () => {
    // Shares start a 0.5, b 0.5; a is banned at month 0. The target over b (price 2) and c
    // (price 1) with beta 2 is b 0.2, c 0.8. The banned half lands on the target (b 0.6,
    // c 0.4), then half the gap closes (lag 2): b 0.4, c 0.6. Net: a -0.5, b -0.1, c +0.6.
    const result = run(
      testScenario({
        horizonMonths: 1,
        offers: [
          idealOffer('a'),
          idealOffer('b', { priceUsdPerMTokens: { input: 0, output: 2 } }),
          idealOffer('c'),
        ],
        strategies: [
          {
            id: 'ad',
            name: 'Adaptive',
            mode: 'adaptive',
            adaptive: { beta: 2, riskAversion: 0 },
            routes: [
              {
                primary: [
                  { offer: 'a', weight: 0.5 },
                  { offer: 'b', weight: 0.5 },
                ],
                fallbacks: ['c'],
              },
            ],
            switching: { lagMonths: 2, switchCostUsd: 1000 },
          },
        ],
        shocks: [ban('ban-a', 'a', 0)],
      }),
    );
    const st = result.strategies[0];
    expect(st?.totals.switchingCostUsd.mean).toBeCloseTo(600, 9);
    expect(st?.totals.forcedMigrations.mean).toBe(1);
    expect(st?.monthly.shareByOffer.c?.mean[0]).toBeCloseTo(0.6, 6);
  });

  it('shares that leave through "no offer" and come back to the same offer pay nothing', () => {
    const result = run(
      testScenario({
        horizonMonths: 4,
        offers: [idealOffer('a'), idealOffer('b')],
        strategies: [
          {
            id: 'ad',
            name: 'Adaptive',
            mode: 'adaptive',
            adaptive: { beta: 1, riskAversion: 0 },
            routes: [{ primary: [{ offer: 'a', weight: 1 }], fallbacks: ['b'] }],
            switching: { lagMonths: 1, switchCostUsd: 1000, inertiaBonus: 50 },
          },
        ],
        shocks: [ban('ban-a', 'a', 1, 1), ban('ban-b', 'b', 1, 1)],
      }),
    );
    const st = result.strategies[0];
    // The inertia bonus keeps e^-50 of the share on b: a move of 2e-22 of a cell.
    expect(st?.totals.switchingCostUsd.mean).toBeCloseTo(0, 12);
    expect(st?.totals.forcedMigrations.mean).toBe(1);
  });
});
