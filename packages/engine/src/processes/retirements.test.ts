import { describe, expect, it } from 'vitest';
import { validateScenario, type ScenarioInput } from '@crosswind/schema';
import { simulate } from '../index.js';
import { idealOffer, singleRoute, testScenario } from '../test-scenarios.js';

/** Model retirements (docs/model.md 4.11): scheduled, so every run is the same and exact. */

type ShockInput = NonNullable<ScenarioInput['world']['shocks']>[number];

const retire = (offers: string[], atMonth: number, noticeMonths?: number): ShockInput => ({
  id: 'retire',
  kind: 'retirement',
  scope: { offers },
  atMonth,
  ...(noticeMonths === undefined ? {} : { noticeMonths }),
});

function run(scenario: ReturnType<typeof testScenario>) {
  const r = simulate(scenario, { runs: 3, seed: 5 });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

/** The mean share of served tasks of an offer, month by month. */
const sharesOf = (result: ReturnType<typeof run>, offer: string, s = 0) =>
  result.strategies[s]?.monthly.shareByOffer[offer]?.mean ?? [];

describe('model retirement', () => {
  it('rule: the offer serves until it retires, then its portions migrate down the chain, forced', () => {
    const result = run(
      testScenario({
        horizonMonths: 6,
        offers: [idealOffer('a'), idealOffer('b')],
        strategies: [
          singleRoute('s', 'a', ['b'], { switching: { lagMonths: 1, switchCostUsd: 100 } }),
        ],
        shocks: [retire(['a'], 4, 2)],
      }),
    );
    expect(sharesOf(result, 'a')).toEqual([1, 1, 1, 1, 0, 0]);
    expect(sharesOf(result, 'b')).toEqual([0, 0, 0, 0, 1, 1]);
    const st = result.strategies[0];
    expect(st?.monthly.forcedMigrationsMean).toEqual([0, 0, 0, 0, 1, 0]);
    expect(st?.totals.switchingCostUsd.mean).toBe(100);
    expect(st?.totals.unservedTasks.mean).toBe(0);
    const events = result.samples[0]?.events.filter((e) => e.shockId === 'retire') ?? [];
    expect(events.map((e) => [e.month, e.kind])).toEqual([
      [2, 'retirementNotice'],
      [4, 'retirement'],
    ]);
  });

  it('rule: under notice an offer takes no new portions: a ban on the primary skips it', () => {
    // x is banned at month 2; its chain is x, a (under notice from month 1), b.
    const result = run(
      testScenario({
        horizonMonths: 5,
        offers: [idealOffer('x'), idealOffer('a'), idealOffer('b')],
        strategies: [singleRoute('s', 'x', ['a', 'b'])],
        shocks: [
          retire(['a'], 4, 3),
          {
            id: 'ban-x',
            kind: 'ban',
            scope: { offers: ['x'] },
            timing: { atMonth: 2 },
          },
        ],
      }),
    );
    expect(sharesOf(result, 'a')).toEqual([]);
    expect(sharesOf(result, 'b')).toEqual([0, 0, 1, 1, 1]);
  });

  it('rule: under notice an offer takes no overflow either', () => {
    // A cut leaves a half of x available; the other half overflowed to a until its notice.
    const result = run(
      testScenario({
        horizonMonths: 6,
        tasks: 100,
        offers: [idealOffer('x'), idealOffer('a')],
        strategies: [singleRoute('s', 'x', ['a'])],
        shocks: [
          retire(['a'], 5, 3),
          {
            id: 'cut-x',
            kind: 'capacityCut',
            scope: { offers: ['x'] },
            timing: { atMonth: 0 },
            capacityFactor: 0.5,
          },
        ],
      }),
    );
    expect(sharesOf(result, 'a')).toEqual([0.5, 0.5, 0, 0, 0, 0]);
    const unserved = result.strategies[0]?.monthly.unservedTasks.mean ?? [];
    expect(unserved).toEqual([0, 0, 50, 50, 50, 50]);
  });

  it('adaptive: the share of an offer under notice drains by 1/lag a month, the rest is forced off at retirement', () => {
    const lag = 3;
    const result = run(
      testScenario({
        horizonMonths: 8,
        offers: [idealOffer('a'), idealOffer('b')],
        strategies: [
          {
            id: 'ad',
            name: 'Adaptive',
            mode: 'adaptive',
            adaptive: { beta: 1, riskAversion: 0 },
            routes: [{ primary: [{ offer: 'a', weight: 1 }], fallbacks: ['b'] }],
            switching: { lagMonths: lag, switchCostUsd: 0, inertiaBonus: 5 },
          },
        ],
        shocks: [retire(['a'], 6, 6)],
      }),
    );
    const a = sharesOf(result, 'a');
    for (let t = 0; t < 6; t++) expect(a[t]).toBeCloseTo((1 - 1 / lag) ** (t + 1), 6);
    expect(a.slice(6)).toEqual([0, 0]);
    expect(result.strategies[0]?.monthly.forcedMigrationsMean).toEqual([0, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('a retirement of a model reaches every offer in its scope, e.g. its API and a host', () => {
    const result = run(
      testScenario({
        horizonMonths: 3,
        offers: [
          idealOffer('api', { model: 'M1' }),
          idealOffer('host', { model: 'M1', lab: 'Lab api' }),
          idealOffer('next'),
        ],
        strategies: [singleRoute('s', 'api', ['host', 'next'])],
        shocks: [{ id: 'retire', kind: 'retirement', scope: { labs: ['Lab api'] }, atMonth: 1 }],
      }),
    );
    expect(sharesOf(result, 'next')).toEqual([0, 1, 1]);
  });

  it('validation: names a retirement past the horizon and refuses region scopes', () => {
    const base = {
      schemaVersion: 1,
      name: 'x',
      world: {
        startMonth: '2026-01',
        horizonMonths: 6,
        regions: [{ id: 'home', name: 'Home', demandShare: 1, jurisdiction: 'US' }],
        offers: [idealOffer('a')],
        workloads: [
          {
            id: 'work',
            name: 'Work',
            tasksPerMonth: 1,
            inputTokensPerAttempt: 0,
            outputTokensPerAttempt: 1,
            qualityAxis: 'general',
            difficulty: 0,
            slope: 1,
            maxRetries: 0,
          },
        ],
        shocks: [
          {
            id: 'retire',
            kind: 'retirement',
            scope: { offers: ['a'], regions: ['home'] },
            atMonth: 9,
          },
        ],
      },
      strategies: [singleRoute('s', 'a')],
    };
    const v = validateScenario(base);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const byPath = Object.fromEntries(v.issues.map((i) => [i.path, i.message]));
    expect(byPath['world.shocks[0].atMonth']).toMatch(/past the horizon/);
    expect(byPath['world.shocks[0].scope.regions']).toMatch(/applies in every region/);
  });
});
