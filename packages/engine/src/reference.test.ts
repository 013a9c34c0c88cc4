import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateScenario, type ScenarioInput } from '@crosswind/schema';
import { june2026Scenario } from './fixtures.js';
import { referenceRun, type ReferenceRun } from './reference-loop.js';
import { simulateRange } from './simulate.js';
import { TOTAL_METRICS, type RunBatch } from './types.js';

/**
 * The optimised engine against the plain reference loop (`reference-loop.ts`), run by run, on
 * random small scenarios (every kind of process and both strategy modes) and on June 2026.
 * Both live the same worlds (the same streams); they sum in different orders and the engine
 * takes e^x in plain arithmetic, so floats agree to a relative 1e-9, and counts exactly.
 */

type OfferInput = ScenarioInput['world']['offers'][number];
type ShockInput = NonNullable<ScenarioInput['world']['shocks']>[number];
type StrategyInput = ScenarioInput['strategies'][number];

const REL = 1e-9;

function compare(batch: RunBatch, scenario: ReturnType<typeof june2026Scenario>, seed: number) {
  const n = batch.end - batch.start;
  const H = batch.months;
  for (let i = 0; i < n; i++) {
    const reference: ReferenceRun[] = referenceRun(scenario, seed, batch.start + i);
    reference.forEach((ref, s) => {
      for (const metric of TOTAL_METRICS) {
        const engine = batch.totals[metric][s * n + i] ?? Number.NaN;
        const expected = ref[metric];
        const label = `run ${batch.start + i}, strategy ${scenario.strategies[s]?.id}, ${metric}`;
        if (metric === 'forcedMigrations') expect(engine, label).toBe(expected);
        else
          expect(
            Math.abs(engine - expected),
            `${label}: engine ${engine}, reference ${expected}`,
          ).toBeLessThanOrEqual(REL * Math.max(1, Math.abs(expected)));
      }
      for (let t = 0; t < H; t++) {
        const engine = batch.monthlyCost[(s * H + t) * n + i] ?? Number.NaN;
        const expected = ref.monthlyCostUsd[t] ?? Number.NaN;
        expect(
          Math.abs(engine - expected),
          `run ${batch.start + i} month ${t} cost`,
        ).toBeLessThanOrEqual(REL * Math.max(1, Math.abs(expected)));
      }
    });
  }
}

const offerArb = (id: string, lab: string) =>
  fc
    .record({
      selfHost: fc.boolean(),
      cn: fc.boolean(),
      price: fc.double({ min: 0.1, max: 20, noNaN: true }),
      quality: fc.double({ min: 20, max: 90, noNaN: true }),
      gap: fc.integer({ min: 0, max: 4 }),
      mult: fc.option(fc.double({ min: 0, max: 1.2, noNaN: true }), { nil: undefined }),
      outages: fc.option(
        fc.record({
          rate: fc.double({ min: 0, max: 12, noNaN: true }),
          mu: fc.double({ min: -1, max: 3, noNaN: true }),
          clustering: fc.option(fc.double({ min: 0.3, max: 5, noNaN: true }), { nil: undefined }),
        }),
        { nil: undefined },
      ),
      overload: fc.boolean(),
      cap: fc.option(fc.double({ min: 1, max: 400, noNaN: true }), { nil: undefined }),
      lead: fc.integer({ min: 0, max: 3 }),
    })
    .map((g): OfferInput => ({
      id,
      name: `Offer ${id}`,
      lab,
      model: `Model ${id}`,
      host: `Host ${id}`,
      kind: g.selfHost ? 'selfHost' : 'api',
      labJurisdiction: g.cn ? 'CN' : 'US',
      hostJurisdiction: 'US',
      openWeights: g.selfHost,
      priceUsdPerMTokens: g.selfHost
        ? { input: 0, output: 0 }
        : { input: g.price / 4, output: g.price },
      quality: { general: g.quality, coding: g.quality - 5 },
      privateBenchmarkGapMonths: g.gap,
      tokenMultiplier:
        g.mult === undefined
          ? {}
          : { office: { lognormal: { median: 1.5, sigma: g.mult } }, code: 2 },
      ...(g.outages
        ? {
            outages: {
              ratePerMonth: g.outages.rate,
              durationHours: { mu: g.outages.mu, sigma: 1 },
              severity: 0.8,
              ...(g.outages.clustering ? { clusteringShape: g.outages.clustering } : {}),
            },
          }
        : {}),
      ...(g.overload
        ? { overload: { ratePerMonth: 0.7, medianHours: 20, sigma: 0.8, severity: 0.5 } }
        : {}),
      ...(g.cap !== undefined && !g.selfHost ? { capacityMTokensPerMonth: g.cap } : {}),
      ...(g.selfHost
        ? {
            selfHost: {
              gpuHourUsd: 2 + g.price / 4,
              gpusPerReplica: 1,
              replicas: 1,
              outputTokensPerSecondPerReplica: 30 + (g.cap ?? 100),
              utilisationCeiling: 0.7,
              inputTokenWeight: 0.1,
              leadTimeMonths: g.lead,
              setupCostUsd: 1000,
              monthlyOpsUsd: 200,
            },
          }
        : {}),
    }));

const OFFERS = ['a', 'b', 'c', 'd'];
const LABS = ['Lab 1', 'Lab 2', 'Lab 1', 'Lab 3'];

/** Hazards from a few levels (fast-check's doubles crowd near 0, where nothing fires). */
const hazardArb = fc.constantFrom(0, 0.05, 0.2, 0.5);

/** A shock, given its index and the horizon (months it names fall inside). */
const shockArb: fc.Arbitrary<(i: number, H: number) => ShockInput> = fc.oneof(
  fc
    .record({
      offer: fc.constantFrom(...OFFERS),
      region: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
      hazard: fc.option(hazardArb, { nil: undefined }),
      at: fc.integer({ min: 0, max: 11 }),
      duration: fc.constantFrom('permanent', 'months', 'lognormal'),
      group: fc.boolean(),
    })
    .map((g) => (i: number, H: number): ShockInput => ({
      id: `ban-${i}`,
      kind: 'ban',
      scope: { offers: [g.offer], ...(g.region ? { regions: [g.region] } : {}) },
      timing: g.hazard === undefined ? { atMonth: g.at % H } : { hazardPerMonth: g.hazard },
      duration:
        g.duration === 'permanent'
          ? 'permanent'
          : g.duration === 'months'
            ? { months: 2 }
            : { lognormalMonths: { median: 2, sigma: 0.8 } },
      ...(g.group ? { group: 'g' } : {}),
    })),
  fc
    .record({
      offer: fc.constantFrom(...OFFERS),
      factor: fc.constantFrom(0, 0.3, 0.8),
      hazard: fc.option(hazardArb, { nil: undefined }),
      at: fc.integer({ min: 0, max: 11 }),
    })
    .map((g) => (i: number, H: number): ShockInput => ({
      id: `cut-${i}`,
      kind: 'capacityCut',
      scope: { offers: [g.offer] },
      timing: g.hazard === undefined ? { atMonth: g.at % H } : { hazardPerMonth: g.hazard },
      duration: { months: 2 },
      capacityFactor: g.factor,
    })),
  fc
    .record({
      lab: fc.constantFrom(...LABS),
      factor: fc.double({ min: 0.3, max: 2, noNaN: true }),
      hazard: hazardArb,
    })
    .map((g) => (i: number): ShockInput => ({
      id: `change-${i}`,
      kind: 'priceChange',
      scope: { labs: [g.lab] },
      timing: { hazardPerMonth: g.hazard },
      factor: g.factor,
    })),
  fc
    .record({ rate: fc.double({ min: 0, max: 2, noNaN: true }) })
    .map((g) => (i: number): ShockInput => ({
      id: `jumps-${i}`,
      kind: 'priceJumps',
      scope: { labJurisdictions: ['US'] },
      ratePerMonth: g.rate,
      logSizeMean: -0.3,
      logSizeSd: 0.3,
    })),
  fc
    .record({
      rate: fc.double({ min: 0, max: 1.5, noNaN: true }),
      reset: fc.boolean(),
      hazard: fc.boolean(),
    })
    .map((g) => (i: number): ShockInput => ({
      id: `release-${i}`,
      kind: 'release',
      scope: {},
      timing: g.hazard ? { hazardPerMonth: Math.min(1, g.rate / 2) } : { ratePerMonth: g.rate },
      qualityStepMean: 3,
      qualityStepSd: 2,
      ...(g.reset ? { priceResetFactor: 0.7 } : {}),
    })),
  fc
    .record({
      offer: fc.constantFrom(...OFFERS),
      at: fc.integer({ min: 0, max: 11 }),
      notice: fc.integer({ min: 0, max: 4 }),
    })
    .map((g) => (i: number, H: number): ShockInput => ({
      id: `retire-${i}`,
      kind: 'retirement',
      scope: { offers: [g.offer] },
      atMonth: g.at % H,
      noticeMonths: g.notice,
    })),
);

const strategyArb = (i: number): fc.Arbitrary<StrategyInput> =>
  fc
    .record({
      adaptive: fc.boolean(),
      order: fc.shuffledSubarray(OFFERS, { minLength: 1, maxLength: 4 }),
      split: fc.boolean(),
      beta: fc.double({ min: 0.2, max: 4, noNaN: true }),
      risk: fc.double({ min: 0, max: 3, noNaN: true }),
      lag: fc.integer({ min: 1, max: 4 }),
      inertia: fc.double({ min: 0, max: 1, noNaN: true }),
      contract: fc.integer({ min: 0, max: 6 }),
      usOnly: fc.boolean(),
    })
    .map((g) => {
      const [first, second, ...rest] = g.order;
      const primary =
        g.split && second !== undefined
          ? [
              { offer: first ?? 'a', weight: 0.6 },
              { offer: second, weight: 0.4 },
            ]
          : [{ offer: first ?? 'a', weight: 1 }];
      const fallbacks = g.split
        ? rest
        : [second, ...rest].filter((x): x is string => x !== undefined);
      return {
        id: `s${i}`,
        name: `Strategy ${i}`,
        mode: g.adaptive ? 'adaptive' : 'rule',
        ...(g.adaptive ? { adaptive: { beta: g.beta, riskAversion: g.risk } } : {}),
        routes: [{ primary, fallbacks }],
        ...(g.usOnly ? { allowedJurisdictions: ['US'] } : {}),
        switching: {
          lagMonths: g.lag,
          switchCostUsd: 500,
          exitFeeUsd: 2000,
          contractMonths: g.contract,
          inertiaBonus: g.inertia,
        },
      };
    });

const scenarioArb = fc
  .record({
    offers: fc.tuple(...OFFERS.map((id, i) => offerArb(id, LABS[i] ?? 'Lab'))),
    shocks: fc.array(shockArb, { maxLength: 5 }),
    strategies: fc.tuple(strategyArb(0), strategyArb(1), strategyArb(2)),
    horizon: fc.integer({ min: 1, max: 12 }),
    growth: fc.double({ min: -0.05, max: 0.1, noNaN: true }),
    groupHazard: hazardArb,
  })
  .map((g) => {
    const input: ScenarioInput = {
      schemaVersion: 1,
      name: 'random',
      world: {
        startMonth: '2026-01',
        horizonMonths: g.horizon,
        regions: [
          { id: 'x', name: 'X', demandShare: 0.7, jurisdiction: 'US' },
          { id: 'y', name: 'Y', demandShare: 0.3, jurisdiction: 'EU' },
        ],
        offers: g.offers,
        workloads: [
          {
            id: 'office',
            name: 'Office',
            tasksPerMonth: 5000,
            growth: { monthlyRate: g.growth },
            inputTokensPerAttempt: 2000,
            outputTokensPerAttempt: 600,
            qualityAxis: 'general',
            difficulty: 40,
            slope: 5,
            maxRetries: 1,
            valuePerSuccessUsd: 0.2,
          },
          {
            id: 'code',
            name: 'Code',
            tasksPerMonth: 300,
            inputTokensPerAttempt: 50_000,
            outputTokensPerAttempt: 8000,
            qualityAxis: 'coding',
            difficulty: 55,
            slope: 4,
            maxRetries: 2,
            regionMix: { x: 1 },
          },
        ],
        shocks: g.shocks.map((make, i) => make(i, g.horizon)),
        commonShocks: [{ id: 'g', hazardPerMonth: g.groupHazard }],
      },
      strategies: g.strategies,
    };
    return input;
  });

describe('the engine against the plain reference loop, run by run', () => {
  it('random small scenarios: every process, rule and adaptive strategies, any run range', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 70 }),
        (input, start, runs) => {
          const v = validateScenario(input);
          if (!v.ok) throw new Error(v.issues.map((x) => `${x.path}: ${x.message}`).join('\n'));
          const seed = start * 7 + 1;
          const r = simulateRange(v.scenario, { seed, start, end: start + runs });
          if (!r.ok) throw new Error(JSON.stringify(r.errors));
          compare(r.value, v.scenario, seed);
        },
      ),
      { numRuns: 80, seed: 20_261_208 },
    );
    // About 3 s alone; a shared machine can take several times that.
  }, 60_000);

  it('June 2026, runs 0 to 70 (a block of 64 and part of the next)', () => {
    const scenario = june2026Scenario();
    const r = simulateRange(scenario, { seed: 2026, start: 0, end: 70 });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    compare(r.value, scenario, 2026);
  });
});
