import {
  offerInScope,
  type Duration,
  type Scenario,
  type Scope,
  type Timing,
} from '@crosswind/schema';
import { compileFormula, evaluateMonthly } from './formula.js';
import { poissonTable, streamKey, type StreamKey } from './rng.js';
import type { EngineError, EngineResult } from './types.js';

/**
 * A scenario compiled into flat typed arrays (struct of arrays), so the inner loop indexes
 * numbers and never allocates. Layouts: `[offer][workload]` is `o * W + w`, `[offer][region]`
 * is `o * R + r`, `[cell][month]` is `c * H + t` with cell `c = w * R + r`.
 */

/** Hours in an average month (8,766 h a year / 12); outages are measured against it. */
export const HOURS_PER_MONTH = 730.5;
/** Index points of capability lost per month of private-benchmark gap (docs/model.md 5.2). */
export const GAP_SLOPE_POINTS_PER_MONTH = 2.5;

export interface CompiledSwitchable {
  id: string;
  kind: 'ban' | 'capacityCut';
  index: number;
  /** 1 where the (offer, region) pair is in scope, `o * R + r` */
  mask: Uint8Array;
  atMonth: number;
  hazard: number;
  duration: Duration;
  group: number;
  capacityFactor: number;
  key: StreamKey;
}

export interface CompiledPriceChange {
  id: string;
  offers: Int32Array;
  atMonth: number;
  hazard: number;
  factor: number;
  key: StreamKey;
}

export interface CompiledPriceJumps {
  id: string;
  offers: Int32Array;
  keys: StreamKey[];
  rate: number;
  /** `poissonTable(rate)`: the number of jumps per month, without an exponential per draw */
  table: Float64Array | null;
  logMean: number;
  logSd: number;
}

export interface CompiledRelease {
  id: string;
  /** one stream per lab: a release of a lab's model reaches every offer of that model in scope */
  labs: { lab: string; offers: Int32Array; key: StreamKey }[];
  atMonth: number;
  hazard: number;
  rate: number;
  table: Float64Array | null;
  stepMean: number;
  stepSd: number;
  priceReset: number;
}

export interface CompiledStrategy {
  id: string;
  name: string;
  adaptive: boolean;
  beta: number;
  riskAversion: number;
  lagMonths: number;
  switchCostUsd: number;
  exitFeeUsd: number;
  contractMonths: number;
  inertiaBonus: number;
  budgetUsd: number;
  /** 1 if the strategy may use the offer (jurisdiction filter) */
  allowed: Uint8Array;
  /** 1 if the offer appears in any chain: self-hosted fixed costs are paid only then */
  uses: Uint8Array;
  /** the offers with `uses` 1, in index order */
  usedOffers: Int32Array;
  /**
   * where this strategy's share-by-offer histograms start: its used offer `u` has slot
   * `shareSlotStart + u` (offers a strategy never uses have no histogram)
   */
  shareSlotStart: number;
  /** portions of each cell: [portionStart[c], portionStart[c+1]) index portionWeight/chains */
  portionStart: Int32Array;
  portionWeight: Float64Array;
  /** chain of a portion p: chainOffers[chainStart[p] .. chainStart[p+1]) — allowed offers only */
  chainStart: Int32Array;
  chainOffers: Int32Array;
  /** adaptive: candidate offers of a cell, [candStart[c], candStart[c+1]), and each one's overflow chain */
  candStart: Int32Array;
  candOffers: Int32Array;
  candChainStart: Int32Array;
  candChainOffers: Int32Array;
  /** adaptive: initial shares of each candidate (from the primary weights) */
  candInitialShare: Float64Array;
}

export interface Prepared {
  scenario: Scenario;
  H: number;
  O: number;
  W: number;
  R: number;
  C: number;
  S: number;
  offerIds: string[];
  offerNames: string[];
  regionIds: string[];
  workloadIds: string[];
  hostJurisdictions: string[];
  priceIn: Float64Array;
  priceOut: Float64Array;
  pathFactor: Float64Array;
  qualityBase: Float64Array;
  qualityPublic: Float64Array;
  multMedian: Float64Array;
  multSigma: Float64Array;
  multKeys: (StreamKey | null)[];
  capacityMTokens: Float64Array;
  inputWeight: Float64Array;
  isSelfHost: Uint8Array;
  leadTime: Int32Array;
  selfSetupUsd: Float64Array;
  selfMonthlyUsd: Float64Array;
  /**
   * USD per million tokens of a self-hosted offer: its reserved monthly cost spread over its
   * monthly capacity (0 for APIs); adaptive strategies rank it by this (docs/model.md 6.4)
   */
  selfUsdPerMToken: Float64Array;
  outRate: Float64Array;
  outMu: Float64Array;
  outSigma: Float64Array;
  outSeverity: Float64Array;
  outShape: Float64Array;
  outKeys: StreamKey[];
  /** incidents per month for unclustered outages (`poissonTable`); null when clustered */
  outPoisson: (Float64Array | null)[];
  ovRate: Float64Array;
  ovMu: Float64Array;
  ovSigma: Float64Array;
  ovSeverity: Float64Array;
  ovKeys: StreamKey[];
  ovPoisson: (Float64Array | null)[];
  tokIn: Float64Array;
  tokOut: Float64Array;
  difficulty: Float64Array;
  slope: Float64Array;
  retries: Int32Array;
  valueUsd: Float64Array;
  demand: Float64Array;
  demandTotal: Float64Array;
  switchables: CompiledSwitchable[];
  groups: { id: string; hazard: number; key: StreamKey }[];
  priceChanges: CompiledPriceChange[];
  priceJumps: CompiledPriceJumps[];
  releases: CompiledRelease[];
  strategies: CompiledStrategy[];
  /** the offers some strategy uses, in index order: the only ones sampled and priced */
  liveOffers: Int32Array;
  /** share-by-offer histogram slots: one per (strategy, offer it uses) */
  shareSlots: number;
  sampleRuns: number;
}

/** The indices where a 0/1 flag array is 1, in order. @example indicesOf(Uint8Array.of(0, 1, 1)) // [1, 2] */
function indicesOf(flags: Uint8Array): Int32Array {
  return Int32Array.from(flags.keys()).filter((i) => flags[i] === 1);
}

function timingParts(timing: Timing): { atMonth: number; hazard: number } {
  return 'atMonth' in timing
    ? { atMonth: timing.atMonth, hazard: 0 }
    : { atMonth: -1, hazard: timing.hazardPerMonth };
}

/**
 * Compiles a validated scenario. Formulas are evaluated here, once per month, and their errors
 * come back as values at the formula's path.
 * @example
 * const r = prepareScenario(scenario, 2026);
 * if (!r.ok) console.error(r.errors);
 */
export function prepareScenario(scenario: Scenario, seed: number | string): EngineResult<Prepared> {
  const errors: EngineError[] = [];
  const world = scenario.world;
  const H = world.horizonMonths;
  const offers = world.offers;
  const workloads = world.workloads;
  const regions = world.regions;
  const O = offers.length;
  const W = workloads.length;
  const R = regions.length;
  const C = W * R;
  const offerIndex = new Map(offers.map((o, i) => [o.id, i]));

  // Offers no strategy can use are not sampled at all: their streams are their own, so this
  // changes nothing else, and it saves their outage, price and release draws.
  const strategies = scenario.strategies.map((st) => compileStrategy(st, scenario, offerIndex));
  let shareSlots = 0;
  for (const cs of strategies) {
    cs.shareSlotStart = shareSlots;
    shareSlots += cs.usedOffers.length;
  }
  const used = new Uint8Array(offers.length);
  for (const cs of strategies)
    for (let o = 0; o < offers.length; o++) used[o] = (used[o] ?? 0) | (cs.uses[o] ?? 0);

  const f64 = (n: number) => new Float64Array(n);
  const priceIn = f64(O);
  const priceOut = f64(O);
  const pathFactor = f64(O * H).fill(1);
  const qualityBase = f64(O * W);
  const qualityPublic = f64(O * W);
  const multMedian = f64(O * W).fill(1);
  const multSigma = f64(O * W);
  const multKeys: (StreamKey | null)[] = new Array<StreamKey | null>(O * W).fill(null);
  const capacityMTokens = f64(O).fill(Number.POSITIVE_INFINITY);
  const inputWeight = f64(O).fill(1);
  const isSelfHost = new Uint8Array(O);
  const leadTime = new Int32Array(O);
  const selfSetupUsd = f64(O);
  const selfMonthlyUsd = f64(O);
  const selfUsdPerMToken = f64(O);
  const outRate = f64(O);
  const outMu = f64(O);
  const outSigma = f64(O);
  const outSeverity = f64(O);
  const outShape = f64(O);
  const ovRate = f64(O);
  const ovMu = f64(O);
  const ovSigma = f64(O);
  const ovSeverity = f64(O);

  offers.forEach((o, i) => {
    priceIn[i] = o.priceUsdPerMTokens.input;
    priceOut[i] = o.priceUsdPerMTokens.output;
    const path = o.pricePath;
    if (path?.type === 'steps') {
      const steps = [...path.steps].sort((a, b) => a.month - b.month);
      let factor = 1;
      let k = 0;
      for (let t = 0; t < H; t++) {
        while (k < steps.length && (steps[k]?.month ?? H) <= t)
          factor = steps[k++]?.factor ?? factor;
        pathFactor[i * H + t] = factor;
      }
    } else if (path?.type === 'formula') {
      const at = `world.offers[${i}].pricePath.formula`;
      const compiled = compileFormula(path.formula, ['month']);
      if (!compiled.ok) errors.push({ path: at, message: `formula ${compiled.message}` });
      else {
        const values = evaluateMonthly(compiled.formula, H, 0, 1e6);
        if (!values.ok) errors.push({ path: at, message: `formula ${values.message}` });
        else pathFactor.set(values.values, i * H);
      }
    }
    workloads.forEach((w, j) => {
      const q = o.quality[w.qualityAxis] ?? 0;
      qualityPublic[i * W + j] = q;
      qualityBase[i * W + j] = q - GAP_SLOPE_POINTS_PER_MONTH * o.privateBenchmarkGapMonths;
      const m = o.tokenMultiplier[w.id];
      if (typeof m === 'number') multMedian[i * W + j] = m;
      else if (m) {
        multMedian[i * W + j] = m.lognormal.median;
        multSigma[i * W + j] = m.lognormal.sigma;
        if (m.lognormal.sigma > 0 && used[i] === 1)
          multKeys[i * W + j] = streamKey(seed, 'tokenMultiplier', `${o.id}/${w.id}`);
      }
    });
    if (o.capacityMTokensPerMonth !== undefined) capacityMTokens[i] = o.capacityMTokensPerMonth;
    if (o.kind === 'selfHost' && o.selfHost) {
      const sh = o.selfHost;
      isSelfHost[i] = 1;
      inputWeight[i] = sh.inputTokenWeight;
      leadTime[i] = sh.leadTimeMonths;
      selfSetupUsd[i] = sh.setupCostUsd;
      // Reserved GPUs are paid every hour of the month, used or not.
      selfMonthlyUsd[i] =
        sh.replicas * sh.gpusPerReplica * sh.gpuHourUsd * HOURS_PER_MONTH + sh.monthlyOpsUsd;
      const tokensPerMonth =
        sh.replicas *
        sh.outputTokensPerSecondPerReplica *
        sh.utilisationCeiling *
        3600 *
        HOURS_PER_MONTH;
      capacityMTokens[i] = Math.min(capacityMTokens[i] ?? Infinity, tokensPerMonth / 1e6);
      selfUsdPerMToken[i] = (selfMonthlyUsd[i] ?? 0) / (capacityMTokens[i] ?? Infinity);
    }
    if (o.outages && used[i] === 1) {
      outRate[i] = o.outages.ratePerMonth;
      outMu[i] = o.outages.durationHours.mu;
      outSigma[i] = o.outages.durationHours.sigma;
      outSeverity[i] = o.outages.severity;
      outShape[i] = o.outages.clusteringShape ?? 0;
    }
    if (o.overload && used[i] === 1) {
      ovRate[i] = o.overload.ratePerMonth;
      ovMu[i] = Math.log(o.overload.medianHours);
      ovSigma[i] = o.overload.sigma;
      ovSeverity[i] = o.overload.severity;
    }
  });

  const tokIn = f64(W);
  const tokOut = f64(W);
  const difficulty = f64(W);
  const slope = f64(W);
  const retries = new Int32Array(W);
  const valueUsd = f64(W);
  const demand = f64(C * H);
  const demandTotal = f64(H);
  workloads.forEach((w, j) => {
    tokIn[j] = w.inputTokensPerAttempt;
    tokOut[j] = w.outputTokensPerAttempt;
    difficulty[j] = w.difficulty;
    slope[j] = w.slope;
    retries[j] = w.maxRetries;
    valueUsd[j] = w.valuePerSuccessUsd;
    let growth: Float64Array;
    if ('formula' in w.growth) {
      const at = `world.workloads[${j}].growth.formula`;
      const compiled = compileFormula(w.growth.formula, ['month']);
      const values = compiled.ok ? evaluateMonthly(compiled.formula, H, 0, 1e6) : compiled;
      if (!values.ok) {
        errors.push({ path: at, message: `formula ${values.message}` });
        growth = f64(H);
      } else growth = values.values;
    } else {
      growth = f64(H);
      for (let t = 0; t < H; t++) growth[t] = Math.pow(1 + w.growth.monthlyRate, t);
    }
    regions.forEach((r, k) => {
      const mix = w.regionMix ? (w.regionMix[r.id] ?? 0) : r.demandShare;
      const c = j * R + k;
      for (let t = 0; t < H; t++) demand[c * H + t] = w.tasksPerMonth * (growth[t] ?? 0) * mix;
    });
  });
  for (let c = 0; c < C; c++)
    for (let t = 0; t < H; t++) demandTotal[t] = (demandTotal[t] ?? 0) + (demand[c * H + t] ?? 0);

  const groupIndex = new Map(world.commonShocks.map((g, i) => [g.id, i]));
  const groups = world.commonShocks.map((g) => ({
    id: g.id,
    hazard: g.hazardPerMonth,
    key: streamKey(seed, 'commonShock', g.id),
  }));
  const switchables: CompiledSwitchable[] = [];
  const priceChanges: CompiledPriceChange[] = [];
  const priceJumps: CompiledPriceJumps[] = [];
  const releases: CompiledRelease[] = [];
  const scopedOffers = (scope: Scope) =>
    Int32Array.from(offers.flatMap((o, i) => (offerInScope(o, scope) ? [i] : [])));

  for (const shock of world.shocks) {
    if (shock.kind === 'ban' || shock.kind === 'capacityCut') {
      const mask = new Uint8Array(O * R);
      offers.forEach((o, i) => {
        if (!offerInScope(o, shock.scope)) return;
        regions.forEach((r, k) => {
          if (!shock.scope.regions || shock.scope.regions.includes(r.id)) mask[i * R + k] = 1;
        });
      });
      switchables.push({
        id: shock.id,
        kind: shock.kind,
        index: switchables.length,
        mask,
        ...timingParts(shock.timing),
        duration: shock.duration,
        group: shock.group === undefined ? -1 : (groupIndex.get(shock.group) ?? -1),
        capacityFactor: shock.kind === 'capacityCut' ? shock.capacityFactor : 0,
        key: streamKey(seed, 'shock', shock.id),
      });
    } else if (shock.kind === 'priceChange') {
      priceChanges.push({
        id: shock.id,
        offers: scopedOffers(shock.scope),
        ...timingParts(shock.timing),
        factor: shock.factor,
        key: streamKey(seed, 'shock', shock.id),
      });
    } else if (shock.kind === 'priceJumps') {
      const inScope = scopedOffers(shock.scope).filter((i) => used[i] === 1);
      priceJumps.push({
        id: shock.id,
        offers: inScope,
        keys: [...inScope].map((i) =>
          streamKey(seed, `priceJumps/${shock.id}`, offers[i]?.id ?? ''),
        ),
        rate: shock.ratePerMonth,
        table: poissonTable(shock.ratePerMonth),
        logMean: shock.logSizeMean,
        logSd: shock.logSizeSd,
      });
    } else {
      const inScope = [...scopedOffers(shock.scope)].filter((i) => used[i] === 1);
      const labs = [...new Set(inScope.map((i) => offers[i]?.lab ?? ''))];
      const t = shock.timing;
      releases.push({
        id: shock.id,
        labs: labs.map((lab) => ({
          lab,
          offers: Int32Array.from(inScope.filter((i) => offers[i]?.lab === lab)),
          key: streamKey(seed, `release/${shock.id}`, lab),
        })),
        atMonth: 'atMonth' in t ? t.atMonth : -1,
        hazard: 'hazardPerMonth' in t ? t.hazardPerMonth : 0,
        rate: 'ratePerMonth' in t ? t.ratePerMonth : 0,
        table: poissonTable('ratePerMonth' in t ? t.ratePerMonth : 0),
        stepMean: shock.qualityStepMean,
        stepSd: shock.qualityStepSd,
        priceReset: shock.priceResetFactor ?? 0,
      });
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      scenario,
      H,
      O,
      W,
      R,
      C,
      S: strategies.length,
      offerIds: offers.map((o) => o.id),
      offerNames: offers.map((o) => o.name),
      regionIds: regions.map((r) => r.id),
      workloadIds: workloads.map((w) => w.id),
      hostJurisdictions: offers.map((o) => o.hostJurisdiction),
      priceIn,
      priceOut,
      pathFactor,
      qualityBase,
      qualityPublic,
      multMedian,
      multSigma,
      multKeys,
      capacityMTokens,
      inputWeight,
      isSelfHost,
      leadTime,
      selfSetupUsd,
      selfMonthlyUsd,
      selfUsdPerMToken,
      outRate,
      outMu,
      outSigma,
      outSeverity,
      outShape,
      outKeys: offers.map((o) => streamKey(seed, 'outage', o.id)),
      outPoisson: offers.map((_, i) =>
        (outShape[i] ?? 0) > 0 ? null : poissonTable(outRate[i] ?? 0),
      ),
      ovRate,
      ovMu,
      ovSigma,
      ovSeverity,
      ovKeys: offers.map((o) => streamKey(seed, 'overload', o.id)),
      ovPoisson: offers.map((_, i) => poissonTable(ovRate[i] ?? 0)),
      tokIn,
      tokOut,
      difficulty,
      slope,
      retries,
      valueUsd,
      demand,
      demandTotal,
      switchables,
      groups,
      priceChanges,
      priceJumps,
      releases,
      strategies,
      shareSlots,
      liveOffers: indicesOf(used),
      sampleRuns: scenario.simulation.sampleRuns,
    },
  };
}

function compileStrategy(
  st: Scenario['strategies'][number],
  scenario: Scenario,
  offerIndex: Map<string, number>,
): CompiledStrategy {
  const offers = scenario.world.offers;
  const O = offers.length;
  const W = scenario.world.workloads.length;
  const R = scenario.world.regions.length;
  const allowed = new Uint8Array(O);
  offers.forEach((o, i) => {
    const ok =
      !st.allowedJurisdictions ||
      (st.allowedJurisdictions.includes(o.labJurisdiction) &&
        st.allowedJurisdictions.includes(o.hostJurisdiction));
    allowed[i] = ok ? 1 : 0;
  });
  const uses = new Uint8Array(O);
  const portionStart: number[] = [0];
  const portionWeight: number[] = [];
  const chainStart: number[] = [0];
  const chainOffers: number[] = [];
  const candStart: number[] = [0];
  const candOffers: number[] = [];
  const candChainStart: number[] = [0];
  const candChainOffers: number[] = [];
  const candInitialShare: number[] = [];
  const idx = (id: string) => offerIndex.get(id) ?? -1;

  for (let w = 0; w < W; w++) {
    for (let r = 0; r < R; r++) {
      const wid = scenario.world.workloads[w]?.id ?? '';
      const rid = scenario.world.regions[r]?.id ?? '';
      const route = st.routes.find(
        (rt) =>
          (!rt.workloads || rt.workloads.includes(wid)) &&
          (!rt.regions || rt.regions.includes(rid)),
      );
      // validateScenario guarantees a route for every cell; an empty cell is simply unserved.
      const primaries = route?.primary ?? [];
      const fallbacks = (route?.fallbacks ?? []).map(idx).filter((i) => i >= 0);
      for (const p of primaries) {
        const first = idx(p.offer);
        const chain = [first, ...fallbacks.filter((f) => f !== first)].filter(
          (i) => i >= 0 && allowed[i] === 1,
        );
        portionWeight.push(p.weight);
        for (const o of chain) {
          chainOffers.push(o);
          uses[o] = 1;
        }
        chainStart.push(chainOffers.length);
      }
      portionStart.push(portionWeight.length);
      const cands = [...new Set([...primaries.map((p) => idx(p.offer)), ...fallbacks])].filter(
        (i) => i >= 0 && allowed[i] === 1,
      );
      for (const o of cands) {
        candOffers.push(o);
        candInitialShare.push(
          primaries.filter((p) => idx(p.offer) === o).reduce((a, p) => a + p.weight, 0),
        );
        for (const f of [o, ...cands.filter((x) => x !== o)]) candChainOffers.push(f);
        candChainStart.push(candChainOffers.length);
      }
      candStart.push(candOffers.length);
    }
  }
  return {
    id: st.id,
    name: st.name,
    adaptive: st.mode === 'adaptive',
    beta: st.adaptive?.beta ?? 1,
    riskAversion: st.adaptive?.riskAversion ?? 0,
    lagMonths: st.switching.lagMonths,
    switchCostUsd: st.switching.switchCostUsd,
    exitFeeUsd: st.switching.exitFeeUsd,
    contractMonths: st.switching.contractMonths,
    inertiaBonus: st.switching.inertiaBonus,
    budgetUsd: st.budgetUsd ?? Number.NaN,
    allowed,
    uses,
    usedOffers: indicesOf(uses),
    shareSlotStart: 0,
    portionStart: Int32Array.from(portionStart),
    portionWeight: Float64Array.from(portionWeight),
    chainStart: Int32Array.from(chainStart),
    chainOffers: Int32Array.from(chainOffers),
    candStart: Int32Array.from(candStart),
    candOffers: Int32Array.from(candOffers),
    candChainStart: Int32Array.from(candChainStart),
    candChainOffers: Int32Array.from(candChainOffers),
    candInitialShare: Float64Array.from(candInitialShare),
  };
}
