import type { Scenario } from '@crosswind/schema';

/** The indices where a 0/1 flag array is 1, in order. @example indicesOf(Uint8Array.of(0, 1, 1)) // [1, 2] */
export function indicesOf(flags: Uint8Array): Int32Array {
  return Int32Array.from(flags.keys()).filter((i) => flags[i] === 1);
}

/** A strategy compiled into portions, chains and candidates (docs/model.md 6.1). */
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

/**
 * Compiles one strategy: its allowed offers, each cell's portions and chains (rule) and
 * candidates and their chains (adaptive). @example compileStrategy(scenario.strategies[0], scenario, offerIndex)
 */
export function compileStrategy(
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

/** Rule portions that share an uncapped chain of one or two offers in one region. */
export interface PortionGroup {
  region: number;
  o1: number;
  o2: number;
  /** the portions, in cell order */
  portions: Int32Array;
}

/**
 * Groups a rule strategy's portions by (region, chain) where the chain is one or two offers
 * without a capacity cap: such portions sit on the same offer and each offer takes the same
 * share of their tasks. @example groupPortions(prepared, prepared.strategies[0])
 */
export function groupPortions(
  p: { C: number; R: number; capacityMTokens: Float64Array },
  cs: CompiledStrategy,
): { groups: PortionGroup[]; groupOf: Int32Array; workload: Int32Array } {
  const P = cs.portionWeight.length;
  const groupOf = new Int32Array(P).fill(-1);
  const workload = new Int32Array(P);
  const byKey = new Map<string, number[]>();
  const heads: { region: number; o1: number; o2: number; key: string }[] = [];
  for (let c = 0; c < p.C; c++) {
    const w = Math.floor(c / p.R);
    const r = c - w * p.R;
    for (let q = cs.portionStart[c] ?? 0; q < (cs.portionStart[c + 1] ?? 0); q++) {
      workload[q] = w;
      const chain = Array.from(cs.chainOffers.subarray(cs.chainStart[q], cs.chainStart[q + 1]));
      const uncapped = chain.every((o) => !Number.isFinite(p.capacityMTokens[o] ?? Infinity));
      if (cs.adaptive || chain.length < 1 || chain.length > 2 || !uncapped) continue;
      const key = `${r}:${chain.join(',')}`;
      let members = byKey.get(key);
      if (!members) {
        members = [];
        byKey.set(key, members);
        heads.push({ region: r, o1: chain[0] ?? -1, o2: chain[1] ?? -1, key });
      }
      members.push(q);
    }
  }
  const groups = heads.map((h, g) => {
    const portions = Int32Array.from(byKey.get(h.key) ?? []);
    for (const q of portions) groupOf[q] = g;
    return { region: h.region, o1: h.o1, o2: h.o2, portions };
  });
  return { groups, groupOf, workload };
}

/**
 * Adaptive shares before month 0: the primary weights of each cell (equal shares if none),
 * each moved to the first offer of its chain that is ready at month 0, as rule portions start
 * (an offer still in its lead time has never served). @example initialShares(prepared, cs)
 */
export function initialShares(p: { leadTime: Int32Array }, cs: CompiledStrategy): Float64Array {
  const out = new Float64Array(cs.candOffers.length);
  for (let c = 0; c + 1 < cs.candStart.length; c++) {
    const a = cs.candStart[c] ?? 0;
    const z = cs.candStart[c + 1] ?? 0;
    let sum = 0;
    for (let k = a; k < z; k++) sum += cs.candInitialShare[k] ?? 0;
    for (let k = a; k < z; k++) {
      const sh = sum > 0 ? (cs.candInitialShare[k] ?? 0) / sum : 1 / (z - a);
      let home = k;
      for (let ci = cs.candChainStart[k] ?? 0; ci < (cs.candChainStart[k + 1] ?? 0); ci++) {
        const o = cs.candChainOffers[ci] ?? 0;
        if ((p.leadTime[o] ?? 0) === 0) {
          for (let j = a; j < z; j++) if (cs.candOffers[j] === o) home = j;
          break;
        }
      }
      out[home] = (out[home] ?? 0) + sh;
    }
  }
  return out;
}

export function maxCands(candStart: Int32Array): number {
  let m = 0;
  for (let c = 0; c + 1 < candStart.length; c++)
    m = Math.max(m, (candStart[c + 1] ?? 0) - (candStart[c] ?? 0));
  return m;
}
