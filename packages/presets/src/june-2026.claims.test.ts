import { simulate } from '@crosswind/engine';
import {
  validateScenario,
  type OfferEconomics,
  type SimulationResult,
  type StrategyResult,
} from '@crosswind/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { june2026 } from './june-2026.js';

/**
 * The five claims of docs/model.md section 9, checked on the engine's outputs for the June 2026
 * preset — never on its inputs. Margins are far wider than the Monte Carlo error at 4,000 runs.
 */
let result: SimulationResult;

beforeAll(() => {
  const v = validateScenario(june2026);
  if (!v.ok) throw new Error(v.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  const r = simulate(v.scenario, { runs: 4000, seed: 2026 });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  result = r.value;
});

function economics(offerId: string, workloadId: string): OfferEconomics {
  const e = result.offerEconomics.find((x) => x.offerId === offerId && x.workloadId === workloadId);
  if (!e) throw new Error(`no economics for ${offerId}/${workloadId}`);
  return e;
}

function strategy(id: string): StrategyResult {
  const s = result.strategies.find((x) => x.id === id);
  if (!s) throw new Error(`no strategy ${id}`);
  return s;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('June 2026 reproduces the columns, as outputs', () => {
  it('1. GLM 5.2 output price is under a tenth of Fable 5, and Fable 5 is about 17% more capable', () => {
    const glm = economics('glm-5.2-zai', 'office');
    const fable = economics('fable-5', 'office');
    expect(glm.outputPriceUsdPerMTokens).toBeLessThan(fable.outputPriceUsdPerMTokens / 10);
    const ratio = fable.publicQuality / glm.publicQuality;
    expect(ratio).toBeGreaterThan(1.15);
    expect(ratio).toBeLessThan(1.2);
  });

  it('2. per solved software task GLM costs more than a Western rival; per solved office task it is the cheapest', () => {
    const glmRoutes = ['glm-5.2-zai', 'glm-5.2-us-host', 'glm-5.2-selfhost'];
    const glmSwe = economics('glm-5.2-zai', 'swe').costPerSuccessUsd;
    // Cheaper per token, dearer per solved task once its 4x token use and lower success count.
    expect(economics('glm-5.2-zai', 'swe').costPerAttemptUsd).toBeLessThan(
      economics('gpt-5.5', 'swe').costPerAttemptUsd,
    );
    expect(glmSwe).toBeGreaterThan(economics('gpt-5.5', 'swe').costPerSuccessUsd);
    expect(glmSwe).toBeGreaterThan(economics('gemini-3.1-pro', 'swe').costPerSuccessUsd);
    const office = result.offerEconomics.filter((e) => e.workloadId === 'office');
    const cheapest = office.reduce((a, b) => (b.costPerSuccessUsd < a.costPerSuccessUsd ? b : a));
    expect(glmRoutes).toContain(cheapest.offerId);
    const bestNonGlm = Math.min(
      ...office.filter((e) => !glmRoutes.includes(e.offerId)).map((e) => e.costPerSuccessUsd),
    );
    expect(economics('glm-5.2-zai', 'office').costPerSuccessUsd).toBeLessThan(bestNonGlm);
  });

  it('3. the Fable 5 ban forces non-US demand off Fable 5 at month 0: forced migrations and a cost jump', () => {
    const inc = strategy('incumbent');
    // Three workloads in two non-US regions, in every run.
    expect(inc.monthly.forcedMigrationsMean[0]).toBe(6);
    expect(inc.totals.forcedMigrations.min).toBeGreaterThanOrEqual(6);
    const fableShare = inc.monthly.shareByOffer['fable-5']?.mean[0] ?? 1;
    expect(fableShare).toBeLessThan(0.3); // only US demand (25%) stays
    expect(inc.monthly.costUsd.p50[0] ?? 0).toBeGreaterThan(
      3 * (inc.monthly.costUsd.p50[1] ?? Infinity),
    );
    // Rarely both US labs are barred at once and there is nothing to switch to; so P5, not min.
    expect(inc.totals.switchingCostUsd.p5).toBeGreaterThan(0);
  });

  it('4. an open-weights default lets volume grow while spend stays much flatter than on the incumbent', () => {
    const open = strategy('open-default');
    const inc = strategy('incumbent');
    const window = (xs: number[], a: number, b: number) => mean(xs.slice(a, b));
    // From month 3 (self-hosting ready, one-off switch costs paid) to the last six months.
    const growth = (s: StrategyResult) =>
      window(s.monthly.costUsd.mean, 18, 24) / window(s.monthly.costUsd.mean, 3, 9);
    const served = (s: StrategyResult, t: number) =>
      (result.demandTasks[t] ?? 0) * (s.monthly.servedShare.mean[t] ?? 0);
    expect(served(open, 23) / served(open, 3)).toBeGreaterThan(2);
    expect(served(open, 23)).toBeGreaterThan(served(inc, 23));
    expect(growth(open)).toBeLessThan(1.05);
    expect(growth(open) - 1).toBeLessThan((growth(inc) - 1) / 2);
    // Spend per served task at the end is far lower.
    const perTask = (s: StrategyResult) => (s.monthly.costUsd.mean[23] ?? 0) / served(s, 23);
    expect(perTask(open)).toBeLessThan(0.8 * perTask(inc));
  });

  it('5. CN-lab outages and capacity caps show up as unserved demand unless a fallback exists', () => {
    const noFallback = strategy('cn-api-only');
    const withFallback = strategy('open-default');
    expect(noFallback.totals.unservedTasks.mean).toBeGreaterThan(
      20 * withFallback.totals.unservedTasks.mean,
    );
    expect(noFallback.totals.downtimeHours.mean).toBeGreaterThan(
      2 * strategy('hedge').totals.downtimeHours.mean,
    );
    // The capacity cap binds as demand grows: served share falls late in the horizon.
    const share = noFallback.monthly.servedShare.mean;
    expect((share[0] ?? 0) - (share[23] ?? 1)).toBeGreaterThan(0.2);
    expect(withFallback.monthly.servedShare.mean[23]).toBeGreaterThan(0.99);
  });
});
