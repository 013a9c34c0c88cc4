import { describe, expect, it } from 'vitest';
import { simulate } from './index.js';
import { HOURS_PER_MONTH } from './units.js';
import { simulateRange } from './simulate.js';
import { idealOffer, singleRoute, testScenario } from './test-scenarios.js';
import type { RunBatch } from './types.js';

/**
 * Monte Carlo estimates against the closed forms of docs/model.md section 10. Each check allows
 * 4 standard errors, with the standard error computed from the same runs (sd / sqrt(n)), so a
 * correct engine fails a check with probability about 6e-5.
 */
const K = 4;

function expectWithin(estimate: number, exact: number, se: number, label: string): void {
  const z = Math.abs(estimate - exact) / se;
  expect(z, `${label}: estimate ${estimate}, exact ${exact}, se ${se}`).toBeLessThan(K);
}

function meanSd(values: ArrayLike<number>): { mean: number; se: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] ?? 0;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((values[i] ?? 0) - mean) ** 2;
  return { mean, se: Math.sqrt(ss / (n - 1) / n) };
}

function batchOf(scenario: ReturnType<typeof testScenario>, runs: number): RunBatch {
  const r = simulateRange(scenario, { seed: 11, start: 0, end: runs });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe('closed forms (docs/model.md section 10)', () => {
  it.each([
    {
      label: 'Poisson counts',
      lambda: 5.5,
      mu: 0.23,
      sigma: 1.17,
      clusteringShape: undefined,
      seed: 3,
    },
    {
      label: 'clustered (gamma-mixed) counts',
      lambda: 4,
      mu: 0,
      sigma: 1,
      clusteringShape: 0.5,
      seed: 5,
    },
  ])(
    'expected downtime hours = T x lambda x exp(mu + sigma^2 / 2), $label',
    ({ lambda, mu, sigma, clusteringShape, seed }) => {
      const [T, runs] = [12, 20_000];
      const outages = { ratePerMonth: lambda, durationHours: { mu, sigma }, severity: 1 };
      const scenario = testScenario({
        horizonMonths: T,
        offers: [
          idealOffer('a', {
            outages: clusteringShape === undefined ? outages : { ...outages, clusteringShape },
          }),
        ],
        strategies: [singleRoute('s', 'a')],
      });
      const r = simulate(scenario, { runs, seed });
      if (!r.ok) throw new Error('simulation failed');
      const d = r.value.strategies[0]?.totals.downtimeHours;
      if (!d) throw new Error('no downtime');
      expectWithin(
        d.mean,
        T * lambda * Math.exp(mu + (sigma * sigma) / 2),
        d.sd / Math.sqrt(runs),
        'downtime',
      );
    },
  );

  it('overload episodes (a Poisson process sampled by waiting times): expected capacity-hours = T x rate x median x exp(sigma^2 / 2) x severity', () => {
    // A rate above 1 a month, so months often hold several episodes; short episodes, so the
    // month's hours never cap them.
    const [T, runs, rate, median, sigma, severity] = [12, 20_000, 1.7, 6, 0.8, 0.5];
    const scenario = testScenario({
      horizonMonths: T,
      offers: [
        idealOffer('a', {
          overload: { ratePerMonth: rate, medianHours: median, sigma, severity },
        }),
      ],
      strategies: [singleRoute('s', 'a')],
    });
    const r = simulate(scenario, { runs, seed: 8 });
    if (!r.ok) throw new Error('simulation failed');
    const d = r.value.strategies[0]?.totals.downtimeHours;
    if (!d) throw new Error('no downtime');
    expectWithin(
      d.mean,
      T * rate * median * Math.exp((sigma * sigma) / 2) * severity,
      d.sd / Math.sqrt(runs),
      'overload hours',
    );
  });

  it('P(ban by month t) = 1 - (1-h)^(t+1), and 1 - ((1-h)(1-h0))^(t+1) with a common shock; grouped bans correlate', () => {
    const [h, h0, T, runs] = [0.03, 0.02, 24, 20_000];
    const scenario = testScenario({
      horizonMonths: T,
      offers: [idealOffer('a'), idealOffer('b'), idealOffer('c')],
      strategies: [singleRoute('on-a', 'a'), singleRoute('on-b', 'b'), singleRoute('on-c', 'c')],
      commonShocks: [{ id: 'g', hazardPerMonth: h0 }],
      shocks: [
        {
          id: 'ban-a',
          kind: 'ban',
          scope: { offers: ['a'] },
          timing: { hazardPerMonth: h },
          group: 'g',
        },
        {
          id: 'ban-b',
          kind: 'ban',
          scope: { offers: ['b'] },
          timing: { hazardPerMonth: h },
          group: 'g',
        },
        { id: 'ban-c', kind: 'ban', scope: { offers: ['c'] }, timing: { hazardPerMonth: h } },
      ],
    });
    const b = batchOf(scenario, runs);
    // A strategy whose only offer is banned serves nothing: served share 0 marks the ban.
    const banned = (s: number, t: number, i: number) =>
      (b.monthlyServedShare[(s * T + t) * runs + i] ?? 1) === 0;
    for (const t of [0, 5, 11, 23]) {
      let a = 0;
      let c = 0;
      let both = 0;
      for (let i = 0; i < runs; i++) {
        const ba = banned(0, t, i);
        const bb = banned(1, t, i);
        if (ba) a++;
        if (banned(2, t, i)) c++;
        if (ba && bb) both++;
      }
      const pA = 1 - ((1 - h) * (1 - h0)) ** (t + 1);
      const pC = 1 - (1 - h) ** (t + 1);
      expectWithin(a / runs, pA, Math.sqrt((pA * (1 - pA)) / runs), `grouped ban by month ${t}`);
      expectWithin(c / runs, pC, Math.sqrt((pC * (1 - pC)) / runs), `plain ban by month ${t}`);
      // Independent bans would give P(both) = pA^2; the common shock adds P(group fired).
      const pBoth = 1 - (1 - h0) ** (t + 1) + (1 - h0) ** (t + 1) * (1 - (1 - h) ** (t + 1)) ** 2;
      expectWithin(
        both / runs,
        pBoth,
        Math.sqrt((pBoth * (1 - pBoth)) / runs),
        `both banned by month ${t}`,
      );
      if (t > 0) expect(both / runs).toBeGreaterThan(pA * pA);
    }
  });

  it('with no random process, a price path 50 x 0.97^month sums to 50 (1 - 0.97^H) / 0.03 with zero variance across seeds', () => {
    const H = 36;
    const scenario = testScenario({
      horizonMonths: H,
      offers: [idealOffer('a', { pricePath: { type: 'formula', formula: '50 * 0.97^month' } })],
      strategies: [singleRoute('s', 'a')],
    });
    const exact = (50 * (1 - 0.97 ** H)) / 0.03;
    const totals = [1, 2, 'x'].map((seed) => {
      const r = simulate(scenario, { runs: 50, seed });
      if (!r.ok) throw new Error('simulation failed');
      const t = r.value.strategies[0]?.totals.totalCostUsd;
      expect(t?.sd).toBe(0);
      return t?.mean ?? Number.NaN;
    });
    for (const total of totals) expect(total).toBeCloseTo(exact, 9);
    expect(new Set(totals).size).toBe(1);
  });

  it('exit fees: leaving an offer before the contract ends costs the fee once; after it, nothing', () => {
    // Offer a is banned from month 3 for good: every strategy falls back to b then. Switching
    // costs 10 per cell moved; the exit fee 1000 applies only while month < contractMonths.
    const strategy = (id: string, contractMonths: number) =>
      singleRoute(id, 'a', ['b'], {
        switching: { lagMonths: 1, switchCostUsd: 10, exitFeeUsd: 1000, contractMonths },
      });
    const scenario = testScenario({
      offers: [idealOffer('a'), idealOffer('b')],
      strategies: [strategy('bound', 6), strategy('free', 3)],
      shocks: [
        {
          id: 'ban-a',
          name: 'a banned',
          kind: 'ban',
          scope: { offers: ['a'] },
          timing: { atMonth: 3 },
          duration: 'permanent',
        },
      ],
    });
    const r = simulate(scenario, { runs: 3 });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const [bound, free] = r.value.strategies;
    expect(bound?.totals.switchingCostUsd.mean).toBe(1010);
    expect(free?.totals.switchingCostUsd.mean).toBe(10);
    const exits = r.value.samples[0]?.events.filter((e) => e.kind === 'exit') ?? [];
    expect(exits.map((e) => [e.month, e.strategyId, e.offerId])).toEqual([[3, 'bound', 'a']]);
  });

  it('chains of none, one, two and three offers: what the offers before it leave falls through, the rest is unserved', () => {
    // Offers with no outages serve all they get; "down" is banned for good from month 0, so it
    // is skipped wherever it stands in a chain. A strategy whose jurisdictions allow no offer
    // of its route has an empty chain and serves nothing.
    const offers = [idealOffer('a'), idealOffer('b'), idealOffer('c'), idealOffer('down')];
    const scenario = testScenario({
      tasks: 100,
      offers,
      strategies: [
        singleRoute('none', 'a', ['b'], { allowedJurisdictions: ['EU'] }),
        singleRoute('one', 'down'),
        singleRoute('two', 'down', ['b']),
        singleRoute('three', 'down', ['a', 'c']),
      ],
      shocks: [
        {
          id: 'ban-down',
          name: 'down banned',
          kind: 'ban',
          scope: { offers: ['down'] },
          timing: { atMonth: 0 },
          duration: 'permanent',
        },
      ],
    });
    const r = simulate(scenario, { runs: 2 });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const byId = new Map(r.value.strategies.map((st) => [st.id, st]));
    const months = scenario.world.horizonMonths;
    expect(byId.get('none')?.totals.unservedTasks.mean).toBe(100 * months);
    expect(byId.get('none')?.totals.totalCostUsd.mean).toBe(0);
    expect(byId.get('one')?.totals.unservedTasks.mean).toBe(100 * months);
    expect(byId.get('two')?.totals.unservedTasks.mean).toBe(0);
    expect(byId.get('two')?.costByOfferMeanUsd).toEqual({ b: 100 * months });
    expect(byId.get('three')?.totals.unservedTasks.mean).toBe(0);
    expect(byId.get('three')?.costByOfferMeanUsd).toEqual({ a: 100 * months });
  });

  it('retries: P(success) = 1 - (1-p)^(r+1) and cost per successful task = a / p', () => {
    const [quality, d, s, r] = [50, 55, 5, 2];
    const scenario = testScenario({
      offers: [idealOffer('a', { quality: { general: quality } })],
      strategies: [singleRoute('s', 'a')],
      difficulty: d,
      slope: s,
      maxRetries: r,
      tasks: 1000,
    });
    const res = simulate(scenario, { runs: 5 });
    if (!res.ok) throw new Error('simulation failed');
    const p = 1 / (1 + Math.exp(-(quality - d) / s));
    const pSuccess = 1 - (1 - p) ** (r + 1);
    const a = 1; // 1M output tokens at 1 USD per million
    const st = res.value.strategies[0];
    expect(st?.totals.successfulTasks.mean).toBeCloseTo(12 * 1000 * pSuccess, 6);
    expect(st?.totals.costPerSuccessUsd.mean).toBeCloseTo(a / p, 9);
    const eco = res.value.offerEconomics[0];
    expect(eco?.successWithRetries).toBeCloseTo(pSuccess, 12);
    expect(eco?.costPerSuccessUsd).toBeCloseTo(a / p, 12);
  });

  it('independent failover: unserved fraction = (1 - A1)(1 - A2)', () => {
    // A = MTBF / (MTBF + MTTR) with MTBF the mean up-time between incidents; incidents arrive
    // at lambda per month of calendar time, so 1 - A = lambda x E[duration] / hours per month.
    const o1 = { ratePerMonth: 8, durationHours: { mu: 2, sigma: 0.8 }, severity: 1 };
    const o2 = { ratePerMonth: 6, durationHours: { mu: 2.2, sigma: 0.6 }, severity: 1 };
    const down = (o: typeof o1) =>
      (o.ratePerMonth * Math.exp(o.durationHours.mu + o.durationHours.sigma ** 2 / 2)) /
      HOURS_PER_MONTH;
    const [T, runs] = [12, 20_000];
    const scenario = testScenario({
      horizonMonths: T,
      tasks: 1000,
      offers: [idealOffer('a', { outages: o1 }), idealOffer('b', { outages: o2 })],
      strategies: [singleRoute('s', 'a', ['b'])],
    });
    const b = batchOf(scenario, runs);
    const fraction = Float64Array.from(b.totals.unservedTasks, (u) => u / (T * 1000));
    const { mean, se } = meanSd(fraction);
    expectWithin(mean, down(o1) * down(o2), se, 'unserved fraction');
  });

  it('price jumps: E[price_t] = P0 exp(nu (t+1) (exp(m + s^2/2) - 1))', () => {
    const [nu, m, s, T, runs] = [0.3, Math.log(0.8), 0.3, 12, 20_000];
    const scenario = testScenario({
      horizonMonths: T,
      offers: [idealOffer('a')],
      strategies: [singleRoute('s', 'a')],
      shocks: [
        {
          id: 'j',
          kind: 'priceJumps',
          scope: { offers: ['a'] },
          ratePerMonth: nu,
          logSizeMean: m,
          logSizeSd: s,
        },
      ],
    });
    const b = batchOf(scenario, runs);
    for (const t of [0, 5, 11]) {
      const { mean, se } = meanSd(b.monthlyCost.subarray(t * runs, (t + 1) * runs));
      expectWithin(
        mean,
        Math.exp(nu * (t + 1) * (Math.exp(m + (s * s) / 2) - 1)),
        se,
        `price at month ${t}`,
      );
    }
  });

  it('adaptive mode: lag 1 and no inertia gives the softmax shares; the gap to the target decays as (1 - 1/lag)^t', () => {
    const beta = 3;
    const offers = [
      idealOffer('cheap', { priceUsdPerMTokens: { input: 0, output: 1 } }),
      idealOffer('dear', { priceUsdPerMTokens: { input: 0, output: 1.5 } }),
    ];
    const target = 1 / (1 + Math.exp(-beta * Math.log(1.5))); // share of "cheap"
    for (const lag of [1, 4]) {
      const scenario = testScenario({
        offers,
        strategies: [
          {
            id: 'ad',
            name: 'Adaptive',
            mode: 'adaptive',
            adaptive: { beta, riskAversion: 0 },
            routes: [{ primary: [{ offer: 'dear', weight: 1 }], fallbacks: ['cheap'] }],
            switching: { lagMonths: lag, switchCostUsd: 0 },
          },
        ],
      });
      const r = simulate(scenario, { runs: 3 });
      if (!r.ok) throw new Error('simulation failed');
      const shares = r.value.strategies[0]?.monthly.shareByOffer.cheap?.mean ?? [];
      shares.forEach((share, t) => {
        // Shares start on the primary (0 on "cheap") and move 1/lag of the gap each month from month 0.
        const expected = target * (1 - (1 - 1 / lag) ** (t + 1));
        expect(Math.abs(share - expected)).toBeLessThan(1e-6);
      });
    }
  });
});
