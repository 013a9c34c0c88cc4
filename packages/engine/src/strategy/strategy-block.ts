import type { Prepared } from '../compile/prepare.js';
import type { CompiledStrategy } from '../compile/strategies.js';
import { roundNonNegative } from '../stats.js';
import type { Events } from '../timeline.js';
import { SHARE_BINS, TOTAL_METRICS, type RunBatch } from '../types.js';
import type { WorldBlock } from '../block/world-block.js';
import { routeAdaptive } from './adaptive.js';
import { StrategyLanes } from './lanes.js';
import { routeRules } from './rule.js';

/** Row of each total in `StrategyBlock.totals`, in `TOTAL_METRICS` order. */
const COST = 0;
const SUCCESSES = 1;
const UNSERVED = 2;
const DOWNTIME = 3;
const FORCED = 4;
const SWITCHING = 5;
const FIXED = 6;
const VALUE = 7;

/**
 * One strategy living through a block of sampled worlds, month by month (docs/model.md section 6):
 * routes each workload-region cell along its chains (rule) or moves shares toward the cheapest
 * reliable offers (adaptive), pays switching, exit and self-hosting costs, and prices what
 * each offer served. Runs are the innermost loop: every per-run number is a `[row][lane]`
 * array, so the scenario's structure is walked once per block and month, not once per run,
 * and each run does exactly the arithmetic, in the same order, it would do alone (results do
 * not depend on the block size). Reused across blocks; allocates nothing per month.
 * @example
 * const world = new WorldBlock(prepared, 64);
 * const strategy = new StrategyBlock(prepared, 0, world, batch);
 * world.startBlock(0, 64); strategy.startBlock(64, 0);
 * for (let t = 0; t < prepared.H; t++) { world.step(t, 64, noEvents); strategy.step(t, 64, noEvents); world.endMonth(); }
 * strategy.flush(64); batch.monthlyCost[0]; // run 0, month 0
 */
export class StrategyBlock {
  /** per-run totals so far, `[metric][lane]` in `TOTAL_METRICS` order */
  readonly totals: Float64Array;
  /** per-run cost by offer so far, `[offer][lane]` */
  readonly costByOffer: Float64Array;
  /** the block's monthly cost, served share and unserved tasks, `[series][month][lane]` */
  private readonly monthly: Float64Array;

  private readonly p: Prepared;
  private readonly cs: CompiledStrategy;
  private readonly s: number;
  private readonly batch: RunBatch;
  private readonly L: number;
  /** the routing state of `rule.ts` and `adaptive.ts` */
  private readonly lanes: StrategyLanes;
  /** index in the batch of the block's first run */
  private at = 0;
  /** this month's tasks served by each offer and in all, per run */
  private readonly servedByOffer: Float64Array;
  private readonly served: Float64Array;
  /** this month's self-hosting cost (the same in every run), handed to `price` unboxed */
  private readonly fixed = new Float64Array(1);

  constructor(p: Prepared, s: number, world: WorldBlock, batch: RunBatch) {
    const cs = p.strategies[s];
    if (!cs) throw new Error(`no strategy ${s}`);
    const L = world.lanes;
    this.p = p;
    this.cs = cs;
    this.s = s;
    this.batch = batch;
    this.L = L;
    this.lanes = new StrategyLanes(p, cs, world);
    this.totals = new Float64Array(TOTAL_METRICS.length * L);
    this.costByOffer = new Float64Array(p.O * L);
    this.monthly = new Float64Array(3 * p.H * L);
    this.servedByOffer = new Float64Array(p.O * L);
    this.served = new Float64Array(L);
  }

  /**
   * Status quo before month 0 in the first `n` lanes, which hold the batch's runs at, at + 1, ...:
   * each portion on its chain's first ready offer.
   */
  startBlock(n: number, at: number): void {
    const { p, cs, L } = this;
    const { prevAssigned, lastServed, prevCount, shares, lastShares } = this.lanes;
    this.at = at;
    this.totals.fill(0);
    this.costByOffer.fill(0);
    prevCount.fill(0);
    for (let q = 0; q < cs.portionWeight.length; q++) {
      let first = -1;
      for (let ci = cs.chainStart[q] ?? 0; ci < (cs.chainStart[q + 1] ?? 0); ci++) {
        const o = cs.chainOffers[ci] ?? 0;
        if ((p.leadTime[o] ?? 0) === 0) {
          first = o;
          break;
        }
      }
      for (let b = 0; b < n; b++) {
        prevAssigned[q * L + b] = first;
        lastServed[q * L + b] = first;
        if (first >= 0 && !cs.adaptive)
          prevCount[first * L + b] = (prevCount[first * L + b] ?? 0) + 1;
      }
    }
    for (let k = 0; k < cs.candOffers.length; k++) {
      const sh = this.lanes.initialShares[k] ?? 0;
      const o = cs.candOffers[k] ?? 0;
      // Shares on an offer that is not ready at month 0 have never been served.
      const served = (p.leadTime[o] ?? 0) === 0 ? sh : 0;
      for (let b = 0; b < n; b++) {
        shares[k * L + b] = sh;
        lastShares[k * L + b] = served;
        if (cs.adaptive && sh > 1e-9) prevCount[o * L + b] = (prevCount[o * L + b] ?? 0) + 1;
      }
    }
  }

  /** Lives month `t` of the world block (already stepped to `t`) in the first `n` lanes. */
  step(t: number, n: number, events: readonly Events[]): void {
    const { p, cs, lanes, L, costByOffer } = this;
    const { remaining, newCount, servedTasks, prevCount } = lanes;
    const { W, leadTime } = p;
    const uses = cs.usedOffers;
    const capFactor = lanes.world.state.capFactor;
    // This month's capacity (only offers with a cap: `serve` reads no other), counts of offers
    // in use (only while exits can cost a fee) and tasks served start afresh.
    const countsExits = t < cs.contractMonths;
    for (let u = 0; u < uses.length; u++) {
      const o = uses[u] ?? 0;
      const capacity = p.capacityMTokens[o] ?? Infinity;
      if (Number.isFinite(capacity))
        for (let b = 0; b < n; b++) remaining[o * L + b] = capacity * (capFactor[o * L + b] ?? 1);
      if (countsExits) newCount.fill(0, o * L, o * L + n);
      servedTasks.fill(0, o * W * L, (o + 1) * W * L);
    }
    // Self-hosting: setup in month 0, operations once ready; the same in every run.
    let fixed = 0;
    for (let u = 0; u < uses.length; u++) {
      const o = uses[u] ?? 0;
      if (p.isSelfHost[o] !== 1) continue;
      let c = 0;
      if (t === 0) c += p.selfSetupUsd[o] ?? 0;
      if (t >= (leadTime[o] ?? 0)) c += p.selfMonthlyUsd[o] ?? 0;
      fixed += c;
      for (let b = 0; b < n; b++) {
        costByOffer[o * L + b] = (costByOffer[o * L + b] ?? 0) + c;
        if (t === (leadTime[o] ?? 0) && t > 0) {
          if (events[b]?.wants())
            events[b]?.push({
              month: t,
              kind: 'selfHostReady',
              offerId: p.offerIds[o],
              strategyId: cs.id,
              detail: `${p.offerNames[o]} ready to take load`,
            });
        }
      }
    }
    lanes.unserved.fill(0);
    lanes.downWeighted.fill(0);
    lanes.forced.fill(0);
    lanes.switching.fill(0);
    if (cs.adaptive) routeAdaptive(lanes, t, n, events, countsExits);
    else routeRules(lanes, t, n, events, countsExits);
    // Exit fees: leaving an offer altogether before the contract ends. Offers in use are
    // counted only while an exit can still cost a fee (this month and every earlier one).
    for (let u = 0; u < uses.length && countsExits; u++) {
      const o = uses[u] ?? 0;
      for (let b = 0; b < n; b++) {
        const i = o * L + b;
        if ((prevCount[i] ?? 0) > 0 && newCount[i] === 0) {
          const switching = lanes.switching;
          switching[b] = (switching[b] ?? 0) + cs.exitFeeUsd;
          if (events[b]?.wants())
            events[b]?.push({
              month: t,
              kind: 'exit',
              strategyId: cs.id,
              offerId: p.offerIds[o],
              detail: `${cs.name} left ${p.offerNames[o]} early: exit fee`,
            });
        }
        prevCount[i] = newCount[i] ?? 0;
      }
    }
    this.fixed[0] = fixed;
    this.price(t, n);
  }

  /**
   * Copies the first `n` lanes' totals, costs by offer and monthly series to the batch; clears
   * nothing: `startBlock` does.
   */
  flush(n: number): void {
    const at = this.at;
    const { p, s, batch, L } = this;
    const { O } = p;
    const N = batch.end - batch.start;
    const rows = (dst: Float64Array, first: number, src: Float64Array, k: number, from = 0) => {
      for (let row = 0; row < k; row++) {
        const a = from + row * L;
        const z = (first + row) * N + at;
        for (let b = 0; b < n; b++) dst[z + b] = src[a + b] ?? 0;
      }
    };
    rows(batch.costByOffer, s * O, this.costByOffer, O);
    // Monthly series: rows [strategy][month] of the batch, from the block's [series][month].
    const { H } = p;
    rows(batch.monthlyCost, s * H, this.monthly, H);
    rows(batch.monthlyServedShare, s * H, this.monthly, H, H * L);
    rows(batch.monthlyUnserved, s * H, this.monthly, H, 2 * H * L);
    TOTAL_METRICS.forEach((metric, m) => rows(batch.totals[metric], s, this.totals, 1, m * L));
  }

  /**
   * Prices the month from the tasks each offer served, adds it to each run's totals, and counts
   * each offer's share of served tasks into the batch's histograms.
   */
  private price(t: number, n: number): void {
    const fixed = this.fixed[0] ?? 0;
    const { p, cs, servedByOffer, totals, L, served } = this;
    const { W, H, valueUsd } = p;
    const { listCostPerTask, succPerTask, priceFactor } = this.lanes.world.economics;
    const { costByOffer } = this;
    const { servedTasks, downWeighted, forced, switching, unserved } = this.lanes;
    // The block's monthly series, copied to the batch by `flush`.
    const { monthly } = this;
    const cost0 = t * L;
    const share0 = (H + t) * L;
    const unserved0 = (2 * H + t) * L;
    const uses = cs.usedOffers;
    const monthDemand = p.processes.demand.total[t] ?? 0;
    // Lane by lane, the month's sums in registers (the same order of additions as offer by
    // offer and workload by workload for every lane at once, so the same bits).
    for (let b = 0; b < n; b++) {
      let cost = 0;
      let successes = 0;
      let value = 0;
      let servedAll = 0;
      for (let u = 0; u < uses.length; u++) {
        const o = uses[u] ?? 0;
        let listCost = 0;
        let offerServed = 0;
        for (let w = 0; w < W; w++) {
          const i = (o * W + w) * L + b;
          const tasks = servedTasks[i] ?? 0;
          if (tasks === 0) continue;
          const succ = tasks * (succPerTask[i] ?? 0);
          listCost += tasks * (listCostPerTask[i] ?? 0);
          offerServed += tasks;
          successes += succ;
          value += succ * (valueUsd[w] ?? 0);
        }
        const offerCost = listCost * (priceFactor[o * L + b] ?? 1);
        cost += offerCost;
        servedAll += offerServed;
        servedByOffer[o * L + b] = offerServed;
        costByOffer[o * L + b] = (costByOffer[o * L + b] ?? 0) + offerCost;
      }
      served[b] = servedAll;
      const switched = switching[b] ?? 0;
      const left = unserved[b] ?? 0;
      const total = cost + fixed + switched;
      monthly[cost0 + b] = total;
      monthly[share0 + b] = monthDemand > 0 ? servedAll / monthDemand : 1;
      monthly[unserved0 + b] = left;
      totals[COST * L + b] = (totals[COST * L + b] ?? 0) + total;
      totals[SUCCESSES * L + b] = (totals[SUCCESSES * L + b] ?? 0) + successes;
      totals[UNSERVED * L + b] = (totals[UNSERVED * L + b] ?? 0) + left;
      totals[DOWNTIME * L + b] = (totals[DOWNTIME * L + b] ?? 0) + (downWeighted[b] ?? 0);
      totals[FORCED * L + b] = (totals[FORCED * L + b] ?? 0) + (forced[b] ?? 0);
      totals[SWITCHING * L + b] = (totals[SWITCHING * L + b] ?? 0) + switched;
      totals[FIXED * L + b] = (totals[FIXED * L + b] ?? 0) + fixed;
      totals[VALUE * L + b] = (totals[VALUE * L + b] ?? 0) + value;
    }
    this.countShares(t, n);
  }

  /**
   * Counts each run's share of served tasks by offer into the batch's histograms, and the
   * month's forced migrations.
   */
  private countShares(t: number, n: number): void {
    const { p, cs, s, servedByOffer, L, served } = this;
    const { forced } = this.lanes;
    const { H } = p;
    const uses = cs.usedOffers;
    const { shareHistogram, shareSumMicro, monthlyForcedSum } = this.batch;
    let forcedSum = monthlyForcedSum[s * H + t] ?? 0;
    for (let b = 0; b < n; b++) forcedSum += forced[b] ?? 0;
    monthlyForcedSum[s * H + t] = forcedSum;
    // Shares by offer: one histogram cell per (offer, month), counted lane by lane.
    for (let u = 0; u < uses.length; u++) {
      const o = uses[u] ?? 0;
      const cell = (cs.shareSlotStart + u) * H + t;
      const base = cell * (SHARE_BINS + 1);
      let micro = shareSumMicro[cell] ?? 0;
      for (let b = 0; b < n; b++) {
        const all = served[b] ?? 0;
        const sh = all > 0 ? (servedByOffer[o * L + b] ?? 0) / all : 0;
        // Every run is counted, a zero share in bin 0, without a branch on the share: shares
        // are data, and a branch on them mispredicts (the same for Math.round's).
        const bin = base + roundNonNegative(sh * SHARE_BINS);
        shareHistogram[bin] = (shareHistogram[bin] ?? 0) + 1;
        micro += roundNonNegative(sh * 1e6);
      }
      shareSumMicro[cell] = micro;
    }
  }
}
