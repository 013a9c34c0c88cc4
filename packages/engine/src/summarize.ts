import type {
  OfferEconomics,
  PairwiseResult,
  Scenario,
  SimulationResult,
  StrategyResult,
} from '@crosswind/schema';
import { prepareScenario, type Prepared } from './compile/prepare.js';
import { taskEconomics } from './simulate.js';
import { histogramPercentile, monthlyBands, summarizeSample, wilsonInterval } from './stats.js';
import {
  ENGINE_VERSION,
  SHARE_BINS,
  TOTAL_METRICS,
  type EngineResult,
  type RunBatch,
} from './types.js';

/** Bins of the total-cost and paired-difference histograms in results. */
export const HISTOGRAM_BINS = 40;

function monthLabels(startMonth: string, months: number): string[] {
  const [y, m] = startMonth.split('-').map(Number) as [number, number];
  return Array.from({ length: months }, (_, t) => {
    const idx = y * 12 + (m - 1) + t;
    return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
  });
}

/**
 * Economics of one task of each workload on each offer at month 0, with the mean token
 * multiplier — the per-token versus per-solved-task view of docs/model.md 5.3 and 7.3.
 * @example offerEconomicsAtStart(prepared).find((e) => e.offerId === 'gpt-5.5')?.costPerSuccessUsd
 */
export function offerEconomicsAtStart(p: Prepared): OfferEconomics[] {
  const out: OfferEconomics[] = [];
  for (let o = 0; o < p.O; o++) {
    for (let w = 0; w < p.W; w++) {
      const k = o * p.W + w;
      const sigma = p.processes.tokenMultipliers.sigma[k] ?? 0;
      const meanMult =
        (p.processes.tokenMultipliers.median[k] ?? 1) * Math.exp((sigma * sigma) / 2);
      const f = p.processes.pricePath.factor[o * p.H] ?? 1;
      const pin = (p.priceIn[o] ?? 0) * f;
      const pout = (p.priceOut[o] ?? 0) * f;
      const q = p.qualityBase[k] ?? 0;
      const e = taskEconomics(q, p.difficulty[w] ?? 0, p.slope[w] ?? 1, p.retries[w] ?? 0);
      let perAttempt = ((p.tokIn[w] ?? 0) * pin + (p.tokOut[w] ?? 0) * meanMult * pout) / 1e6;
      if (p.isSelfHost[o] === 1) {
        // Self-hosting: the reserved GPUs' cost spread over the tokens they can serve at the ceiling.
        const perMToken = p.selfUsdPerMToken[o] ?? 0;
        perAttempt +=
          (((p.tokIn[w] ?? 0) * (p.inputWeight[o] ?? 1) + (p.tokOut[w] ?? 0) * meanMult) / 1e6) *
          perMToken;
      }
      out.push({
        offerId: p.offerIds[o] ?? '',
        workloadId: p.workloadIds[w] ?? '',
        inputPriceUsdPerMTokens: pin,
        outputPriceUsdPerMTokens: pout,
        meanOutputTokenMultiplier: meanMult,
        publicQuality: p.qualityPublic[k] ?? 0,
        effectiveQuality: q,
        successPerAttempt: e.successPerAttempt,
        successWithRetries: e.successWithRetries,
        costPerAttemptUsd: perAttempt,
        costPerSuccessUsd: perAttempt / e.successPerAttempt,
      });
    }
  }
  return out;
}

/**
 * Turns the raw runs of a (merged) batch into the result. Reads every per-run array in run
 * order, so the result depends only on the runs, not on how they were sharded.
 * @example summarizeBatch(scenario, mergeBatches([a, b]))
 */
export function summarizeBatch(scenario: Scenario, batch: RunBatch): SimulationResult {
  const prepared = prepareScenario(scenario, batch.seed);
  if (!prepared.ok)
    throw new Error('summarizeBatch needs a scenario that simulated without errors');
  return summarizePrepared(prepared.value, batch);
}

/**
 * As `summarizeBatch`, for an already prepared scenario (saves compiling it twice).
 * @example summarizePrepared(prepared, runBatch(prepared, { seed, start: 0, end: runs }))
 */
export function summarizePrepared(p: Prepared, batch: RunBatch): SimulationResult {
  const n = batch.end - batch.start;
  const { S, H, O } = p;
  const strategies: StrategyResult[] = p.strategies.map((cs, s) => {
    const metric = (m: (typeof TOTAL_METRICS)[number]) =>
      batch.totals[m].subarray(s * n, (s + 1) * n);
    const totalCost = metric('totalCostUsd');
    const successes = metric('successfulTasks');
    const cpst = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const succ = successes[i] ?? 0;
      cpst[i] = succ > 0 ? (totalCost[i] ?? 0) / succ : 0;
    }
    const totals = Object.fromEntries(
      TOTAL_METRICS.map((m) => [
        m,
        summarizeSample(metric(m), m === 'totalCostUsd' ? HISTOGRAM_BINS : 0),
      ]),
    ) as Record<(typeof TOTAL_METRICS)[number], ReturnType<typeof summarizeSample>>;
    const costByOfferMeanUsd: Record<string, number> = {};
    const costByJurisdictionMeanUsd: Record<string, number> = {};
    for (let o = 0; o < O; o++) {
      const block = batch.costByOffer.subarray((s * O + o) * n, (s * O + o + 1) * n);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += block[i] ?? 0;
      const mean = n > 0 ? sum / n : 0;
      if (mean === 0) continue;
      const id = p.offerIds[o] ?? '';
      const jur = p.hostJurisdictions[o] ?? '';
      costByOfferMeanUsd[id] = mean;
      costByJurisdictionMeanUsd[jur] = (costByJurisdictionMeanUsd[jur] ?? 0) + mean;
    }
    let budget: StrategyResult['budget'] = null;
    if (!Number.isNaN(cs.budgetUsd)) {
      let over = 0;
      for (let i = 0; i < n; i++) if ((totalCost[i] ?? 0) > cs.budgetUsd) over++;
      budget = {
        budgetUsd: cs.budgetUsd,
        pOverBudget: n > 0 ? over / n : 0,
        ci95: wilsonInterval(over, n),
      };
    }
    const shareByOffer: StrategyResult['monthly']['shareByOffer'] = {};
    const uses = cs.usedOffers;
    for (let u = 0; u < uses.length; u++) {
      const o = uses[u] ?? 0;
      const bands = {
        mean: [] as number[],
        p5: [] as number[],
        p25: [] as number[],
        p50: [] as number[],
        p75: [] as number[],
        p95: [] as number[],
      };
      let any = false;
      for (let t = 0; t < H; t++) {
        const cell = (cs.shareSlotStart + u) * H + t;
        const mean = n > 0 ? (batch.shareSumMicro[cell] ?? 0) / 1e6 / n : 0;
        if (mean > 0) any = true;
        const off = cell * (SHARE_BINS + 1);
        bands.mean.push(mean);
        bands.p5.push(histogramPercentile(batch.shareHistogram, off, SHARE_BINS, 0.05, n));
        bands.p25.push(histogramPercentile(batch.shareHistogram, off, SHARE_BINS, 0.25, n));
        bands.p50.push(histogramPercentile(batch.shareHistogram, off, SHARE_BINS, 0.5, n));
        bands.p75.push(histogramPercentile(batch.shareHistogram, off, SHARE_BINS, 0.75, n));
        bands.p95.push(histogramPercentile(batch.shareHistogram, off, SHARE_BINS, 0.95, n));
      }
      if (any) shareByOffer[p.offerIds[o] ?? ''] = bands;
    }
    const block = (arr: Float64Array) => arr.subarray(s * H * n, (s + 1) * H * n);
    return {
      id: cs.id,
      name: cs.name,
      totals: { ...totals, costPerSuccessUsd: summarizeSample(cpst) },
      costByOfferMeanUsd,
      costByJurisdictionMeanUsd,
      budget,
      monthly: {
        costUsd: monthlyBands(block(batch.monthlyCost), H, n),
        servedShare: monthlyBands(block(batch.monthlyServedShare), H, n),
        unservedTasks: monthlyBands(block(batch.monthlyUnserved), H, n),
        shareByOffer,
        forcedMigrationsMean: Array.from({ length: H }, (_, t) =>
          n > 0 ? (batch.monthlyForcedSum[s * H + t] ?? 0) / n : 0,
        ),
      },
    };
  });

  const pairwise: PairwiseResult[] = [];
  const cost = batch.totals.totalCostUsd;
  for (let a = 0; a < S; a++) {
    for (let b = a + 1; b < S; b++) {
      const diff = new Float64Array(n);
      let cheaper = 0;
      for (let i = 0; i < n; i++) {
        const d = (cost[a * n + i] ?? 0) - (cost[b * n + i] ?? 0);
        diff[i] = d;
        if (d < 0) cheaper++;
      }
      pairwise.push({
        a: p.strategies[a]?.id ?? '',
        b: p.strategies[b]?.id ?? '',
        costDiffUsd: summarizeSample(diff, HISTOGRAM_BINS),
        pACheaper: n > 0 ? cheaper / n : 0,
        pACheaperCi95: wilsonInterval(cheaper, n),
      });
    }
  }

  return {
    engineVersion: ENGINE_VERSION,
    schemaVersion: p.scenario.schemaVersion,
    seed: batch.seed,
    runs: n,
    startMonth: p.scenario.world.startMonth,
    months: monthLabels(p.scenario.world.startMonth, H),
    demandTasks: Array.from(p.processes.demand.total),
    offers: p.offerIds.map((id, o) => ({ id, name: p.offerNames[o] ?? id })),
    offerEconomics: offerEconomicsAtStart(p),
    strategies,
    pairwise,
    samples: batch.samples,
  };
}

export type { EngineResult };
