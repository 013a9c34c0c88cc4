import type { Scenario } from '@crosswind/schema';
import { GAP_SLOPE_POINTS_PER_MONTH, HOURS_PER_MONTH } from '../units.js';

/** The offers and workloads of a scenario as flat arrays: `[offer]`, `[workload]`, `[offer][workload]`. */
export interface CompiledOffers {
  priceIn: Float64Array;
  priceOut: Float64Array;
  /** effective quality at month 0 (public index minus the private-benchmark gap), and the public one */
  qualityBase: Float64Array;
  qualityPublic: Float64Array;
  /** token cap, million tokens a month (Infinity without one; self-hosting: its throughput) */
  capacityMTokens: Float64Array;
  /** GPU time of an input token relative to an output token (1 for APIs) */
  inputWeight: Float64Array;
  isSelfHost: Uint8Array;
  leadTime: Int32Array;
  selfSetupUsd: Float64Array;
  /** reserved GPUs and operations, USD a month */
  selfMonthlyUsd: Float64Array;
  /**
   * USD per million tokens of a self-hosted offer: its reserved monthly cost spread over its
   * monthly capacity (0 for APIs); adaptive strategies rank it by this (docs/model.md 6.4)
   */
  selfUsdPerMToken: Float64Array;
  tokIn: Float64Array;
  tokOut: Float64Array;
  difficulty: Float64Array;
  slope: Float64Array;
  retries: Int32Array;
  valueUsd: Float64Array;
}

/**
 * Compiles prices, quality, capacity and self-hosting of every offer, and the task profile of
 * every workload (docs/model.md 3.2, 3.3, 5). @example compileOffers(scenario).capacityMTokens
 */
export function compileOffers(scenario: Scenario): CompiledOffers {
  const { offers, workloads } = scenario.world;
  const O = offers.length;
  const W = workloads.length;
  const f64 = (n: number) => new Float64Array(n);
  const c: CompiledOffers = {
    priceIn: f64(O),
    priceOut: f64(O),
    qualityBase: f64(O * W),
    qualityPublic: f64(O * W),
    capacityMTokens: f64(O).fill(Number.POSITIVE_INFINITY),
    inputWeight: f64(O).fill(1),
    isSelfHost: new Uint8Array(O),
    leadTime: new Int32Array(O),
    selfSetupUsd: f64(O),
    selfMonthlyUsd: f64(O),
    selfUsdPerMToken: f64(O),
    tokIn: f64(W),
    tokOut: f64(W),
    difficulty: f64(W),
    slope: f64(W),
    retries: new Int32Array(W),
    valueUsd: f64(W),
  };
  offers.forEach((o, i) => {
    c.priceIn[i] = o.priceUsdPerMTokens.input;
    c.priceOut[i] = o.priceUsdPerMTokens.output;
    workloads.forEach((w, j) => {
      const q = o.quality[w.qualityAxis] ?? 0;
      c.qualityPublic[i * W + j] = q;
      c.qualityBase[i * W + j] = q - GAP_SLOPE_POINTS_PER_MONTH * o.privateBenchmarkGapMonths;
    });
    if (o.capacityMTokensPerMonth !== undefined) c.capacityMTokens[i] = o.capacityMTokensPerMonth;
    if (o.kind === 'selfHost' && o.selfHost) {
      const sh = o.selfHost;
      c.isSelfHost[i] = 1;
      c.inputWeight[i] = sh.inputTokenWeight;
      c.leadTime[i] = sh.leadTimeMonths;
      c.selfSetupUsd[i] = sh.setupCostUsd;
      // Reserved GPUs are paid every hour of the month, used or not.
      c.selfMonthlyUsd[i] =
        sh.replicas * sh.gpusPerReplica * sh.gpuHourUsd * HOURS_PER_MONTH + sh.monthlyOpsUsd;
      const tokensPerMonth =
        sh.replicas *
        sh.outputTokensPerSecondPerReplica *
        sh.utilisationCeiling *
        3600 *
        HOURS_PER_MONTH;
      c.capacityMTokens[i] = Math.min(c.capacityMTokens[i] ?? Infinity, tokensPerMonth / 1e6);
      c.selfUsdPerMToken[i] = (c.selfMonthlyUsd[i] ?? 0) / (c.capacityMTokens[i] ?? Infinity);
    }
  });
  workloads.forEach((w, j) => {
    c.tokIn[j] = w.inputTokensPerAttempt;
    c.tokOut[j] = w.outputTokensPerAttempt;
    c.difficulty[j] = w.difficulty;
    c.slope[j] = w.slope;
    c.retries[j] = w.maxRetries;
    c.valueUsd[j] = w.valuePerSuccessUsd;
  });
  return c;
}
