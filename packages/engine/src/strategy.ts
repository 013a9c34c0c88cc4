import { fastExp } from './exp.js';
import type { SimulationEvent } from '@crosswind/schema';
import type { CompiledStrategy, Prepared } from './prepare.js';
import { SHARE_BINS, TOTAL_METRICS, type RunBatch } from './types.js';
import type { World } from './world.js';

type Events = SimulationEvent[] | null;

/** Index of each total in `StrategyRun.totals`, in `TOTAL_METRICS` order. */
const COST = 0;
const SUCCESSES = 1;
const UNSERVED = 2;
const DOWNTIME = 3;
const FORCED = 4;
const SWITCHING = 5;
const FIXED = 6;
const VALUE = 7;

/**
 * One strategy living through a sampled world, month by month (MODEL.md section 6): routes
 * each workload-region cell along its chains (rule) or moves shares toward the cheapest
 * reliable offers (adaptive), pays switching, exit and self-hosting costs, and prices what
 * each offer served. Reused across runs (`startRun` resets it); allocates nothing per month.
 * @example
 * const run = new StrategyRun(prepared, 0, world, batch);
 * run.startRun();
 * world.step(0, null); run.step(0, null); run.monthCost; // USD in month 0
 */
export class StrategyRun {
  /** this run's totals so far, in `TOTAL_METRICS` order */
  readonly totals: Float64Array;
  /** this run's cost by offer so far */
  readonly costByOffer: Float64Array;
  /** the month just stepped: total cost, served share of demand, unserved tasks */
  monthCost = 0;
  servedShare = 0;
  unserved = 0;

  private readonly p: Prepared;
  private readonly cs: CompiledStrategy;
  private readonly s: number;
  private readonly world: World;
  private readonly batch: RunBatch;
  /** rule: the offer each portion sat on last month (-1: none) */
  private readonly prevAssigned: Int32Array;
  /** how many portions (or candidate shares) sat on each offer last month, and this month */
  private readonly prevCount: Int32Array;
  private readonly newCount: Int32Array;
  /** adaptive: the share of each candidate of each cell */
  private readonly shares: Float64Array;
  private readonly target: Float64Array;
  /** capacity left this month, million tokens, per offer */
  private readonly remaining: Float64Array;
  /** tasks served this month per (offer, workload): the walks add only these */
  private readonly servedTasks: Float64Array;
  private readonly servedByOffer: Float64Array;
  /** What routing adds up in a month: indices UNSERVED, DOWNTIME, FORCED, SWITCHING. */
  private readonly routed = new Float64Array(TOTAL_METRICS.length);
  /** `world.readyEpoch` when the rule portions were last assigned */
  private seenEpoch = -1;
  private readonly ready: Uint8Array;
  private readonly downFrac: Float64Array;
  private readonly tokPerTask: Float64Array;

  constructor(p: Prepared, s: number, world: World, batch: RunBatch) {
    const cs = p.strategies[s];
    if (!cs) throw new Error(`no strategy ${s}`);
    const { O, W } = p;
    this.p = p;
    this.cs = cs;
    this.s = s;
    this.world = world;
    this.batch = batch;
    this.totals = new Float64Array(TOTAL_METRICS.length);
    this.costByOffer = new Float64Array(O);
    this.prevAssigned = new Int32Array(cs.portionWeight.length);
    this.prevCount = new Int32Array(O);
    this.newCount = new Int32Array(O);
    this.shares = new Float64Array(cs.candOffers.length);
    this.target = new Float64Array(Math.max(1, maxCands(cs.candStart)));
    this.remaining = new Float64Array(O);
    this.servedTasks = new Float64Array(O * W);
    this.servedByOffer = new Float64Array(O);
    this.ready = world.ready;
    this.downFrac = world.downFrac;
    this.tokPerTask = world.tokPerTask;
  }

  /** Status quo before month 0: each portion on the first offer of its chain that is ready. */
  startRun(): void {
    const { p, cs, prevAssigned, prevCount, shares } = this;
    this.totals.fill(0);
    this.costByOffer.fill(0);
    this.seenEpoch = -1;
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
      prevAssigned[q] = first;
      if (first >= 0 && !cs.adaptive) prevCount[first] = (prevCount[first] ?? 0) + 1;
    }
    for (let c = 0; c + 1 < cs.candStart.length; c++) {
      const a = cs.candStart[c] ?? 0;
      const b = cs.candStart[c + 1] ?? 0;
      let sum = 0;
      for (let k = a; k < b; k++) sum += cs.candInitialShare[k] ?? 0;
      for (let k = a; k < b; k++) {
        const sh = sum > 0 ? (cs.candInitialShare[k] ?? 0) / sum : 1 / (b - a);
        shares[k] = sh;
        const o = cs.candOffers[k] ?? 0;
        if (cs.adaptive && sh > 1e-9) prevCount[o] = (prevCount[o] ?? 0) + 1;
      }
    }
  }

  /** Lives month `t` of the world (already stepped to `t`). */
  step(t: number, events: Events): void {
    const { p, cs, world, remaining, newCount, servedTasks } = this;
    const { W, leadTime } = p;
    const uses = cs.usedOffers;
    const capFactor = world.capFactor;
    let fixed = 0;
    for (let u = 0; u < uses.length; u++) {
      const o = uses[u] ?? 0;
      remaining[o] = (p.capacityMTokens[o] ?? Infinity) * (capFactor[o] ?? 1);
      newCount[o] = 0;
      for (let w = 0; w < W; w++) servedTasks[o * W + w] = 0;
    }
    for (let u = 0; u < uses.length; u++) {
      const o = uses[u] ?? 0;
      if (p.isSelfHost[o] !== 1) continue;
      let c = 0;
      if (t === 0) c += p.selfSetupUsd[o] ?? 0;
      if (t >= (leadTime[o] ?? 0)) c += p.selfMonthlyUsd[o] ?? 0;
      if (events && t === (leadTime[o] ?? 0) && t > 0) {
        events.push({
          month: t,
          kind: 'selfHostReady',
          offerId: p.offerIds[o],
          strategyId: cs.id,
          detail: `${p.offerNames[o]} ready to take load`,
        });
      }
      fixed += c;
      this.costByOffer[o] = (this.costByOffer[o] ?? 0) + c;
    }
    // Routing sets `routed`: unserved tasks, downtime-weighted hours, forced moves, switching costs.
    if (cs.adaptive) this.routeAdaptive(t, events);
    else this.routeRules(t, events);
    let switching = this.routed[SWITCHING] ?? 0;
    // Exit fees: leaving an offer altogether before the contract ends.
    for (let u = 0; u < uses.length; u++) {
      const o = uses[u] ?? 0;
      if ((this.prevCount[o] ?? 0) > 0 && newCount[o] === 0 && t < cs.contractMonths) {
        switching += cs.exitFeeUsd;
        events?.push({
          month: t,
          kind: 'exit',
          strategyId: cs.id,
          offerId: p.offerIds[o],
          detail: `${cs.name} left ${p.offerNames[o]} early: exit fee`,
        });
      }
      this.prevCount[o] = newCount[o] ?? 0;
    }
    this.price(t, fixed, switching);
  }

  /** Rule strategies: each portion of a cell on the first ready offer of its chain. */
  private routeRules(t: number, events: Events): void {
    const { p, cs, prevAssigned, newCount, routed } = this;
    const { R, W, H, demand } = p;
    const { ready, banCount, downHours } = this.world;
    const monthDemand = p.demandTotal[t] ?? 0;
    const { portionStart, portionWeight, chainStart, chainOffers } = cs;
    // Each portion sits on the first ready offer of its chain: it can move only when the ready
    // table changed since last month.
    const rerouted = this.world.readyEpoch !== this.seenEpoch;
    this.seenEpoch = this.world.readyEpoch;
    let unserved = 0;
    let downWeighted = 0;
    let forced = 0;
    let switching = 0;
    for (let w = 0; w < W; w++) {
      for (let r = 0; r < R; r++) {
        const c = w * R + r;
        const D = demand[c * H + t] ?? 0;
        const pb = portionStart[c + 1] ?? 0;
        for (let q = portionStart[c] ?? 0; q < pb; q++) {
          const weight = portionWeight[q] ?? 0;
          const ca = chainStart[q] ?? 0;
          const cb = chainStart[q + 1] ?? 0;
          const prev = prevAssigned[q] ?? -1;
          let assigned = prev;
          if (rerouted) {
            assigned = -1;
            for (let ci = ca; ci < cb; ci++) {
              const o = chainOffers[ci] ?? 0;
              if (ready[o * R + r] === 1) {
                assigned = o;
                break;
              }
            }
          }
          if (assigned !== prev) {
            if (prev >= 0 && (banCount[prev * R + r] ?? 0) > 0) {
              forced++;
              events?.push({
                month: t,
                kind: 'forcedMigration',
                strategyId: cs.id,
                regionId: p.regionIds[r],
                offerId: p.offerIds[prev] ?? '',
                detail: `${cs.name}: ${p.workloadIds[w]} in ${p.regionIds[r]} forced off ${p.offerNames[prev]} to ${assigned >= 0 ? p.offerNames[assigned] : 'nothing (unserved)'}`,
              });
            }
            if (assigned >= 0 && prev >= 0) switching += cs.switchCostUsd * weight;
            prevAssigned[q] = assigned;
          }
          if (assigned >= 0) {
            newCount[assigned] = (newCount[assigned] ?? 0) + 1;
            downWeighted +=
              monthDemand > 0 ? ((D * weight) / monthDemand) * (downHours[assigned] ?? 0) : 0;
          }
          unserved += this.serve(D * weight, chainOffers, ca, cb, r, w);
        }
      }
    }
    routed[UNSERVED] = unserved;
    routed[DOWNTIME] = downWeighted;
    routed[FORCED] = forced;
    routed[SWITCHING] = switching;
  }

  /**
   * Adaptive strategies: forced moves off banned offers, then shares move toward a softmax of
   * -beta x log(risk-adjusted cost per successful task), by 1/lag of the gap each month.
   */
  private routeAdaptive(t: number, events: Events): void {
    const { p, cs, shares, target, newCount, routed } = this;
    const { R, C, H, W, demand } = p;
    const { ready, downHours, cpst, prevDownFrac } = this.world;
    const monthDemand = p.demandTotal[t] ?? 0;
    let unserved = 0;
    let downWeighted = 0;
    let forced = 0;
    let switching = 0;
    for (let c = 0; c < C; c++) {
      const w = (c / R) | 0;
      const r = c - w * R;
      const D = demand[c * H + t] ?? 0;
      const a = cs.candStart[c] ?? 0;
      const b = cs.candStart[c + 1] ?? 0;
      let forcedMass = 0;
      let incumbent = -1;
      let best = -1;
      for (let k = a; k < b; k++) {
        const sh = shares[k] ?? 0;
        if (sh > best + 1e-12) {
          best = sh;
          incumbent = k;
        }
      }
      let maxU = -Infinity;
      let anyAvail = false;
      for (let k = a; k < b; k++) {
        const o = cs.candOffers[k] ?? 0;
        if (ready[o * R + r] !== 1) {
          forcedMass += shares[k] ?? 0;
          shares[k] = 0;
          target[k - a] = Number.NEGATIVE_INFINITY;
          continue;
        }
        anyAvail = true;
        const risk = (cpst[o * W + w] ?? 0) * (1 + cs.riskAversion * (prevDownFrac[o] ?? 0));
        const u =
          -cs.beta * Math.log(risk > 0 ? risk : 1e-300) + (k === incumbent ? cs.inertiaBonus : 0);
        target[k - a] = u;
        if (u > maxU) maxU = u;
      }
      if (forcedMass > 1e-12) {
        forced++;
        switching += cs.switchCostUsd * forcedMass;
        events?.push({
          month: t,
          kind: 'forcedMigration',
          strategyId: cs.id,
          regionId: p.regionIds[r],
          detail: `${cs.name}: ${(forcedMass * 100).toFixed(0)}% of ${p.workloadIds[w]} in ${p.regionIds[r]} forced off a banned offer`,
        });
      }
      if (!anyAvail) {
        unserved += D;
        continue;
      }
      let z = 0;
      for (let k = a; k < b; k++) {
        const u = target[k - a] ?? Number.NEGATIVE_INFINITY;
        const e = u === Number.NEGATIVE_INFINITY ? 0 : fastExp(u - maxU);
        target[k - a] = e;
        z += e;
      }
      let prevSum = 0;
      for (let k = a; k < b; k++) prevSum += shares[k] ?? 0;
      let moved = 0;
      for (let k = a; k < b; k++) {
        const goal = (target[k - a] ?? 0) / z;
        // Forced mass lands on the target at once; the rest moves by 1/lag of the gap.
        const from =
          prevSum > 1e-12 ? ((shares[k] ?? 0) + forcedMass * goal) / (prevSum + forcedMass) : goal;
        const next = from + (goal - from) / cs.lagMonths;
        if (next > from) moved += next - from;
        shares[k] = next;
      }
      if (prevSum > 1e-12) switching += cs.switchCostUsd * moved;
      for (let k = a; k < b; k++) {
        const sh = shares[k] ?? 0;
        if (sh <= 0) continue;
        const o0 = cs.candOffers[k] ?? 0;
        if (sh > 1e-9) newCount[o0] = (newCount[o0] ?? 0) + 1;
        downWeighted += monthDemand > 0 ? ((D * sh) / monthDemand) * (downHours[o0] ?? 0) : 0;
        unserved += this.serve(
          D * sh,
          cs.candChainOffers,
          cs.candChainStart[k] ?? 0,
          cs.candChainStart[k + 1] ?? 0,
          r,
          w,
        );
      }
    }
    routed[UNSERVED] = unserved;
    routed[DOWNTIME] = downWeighted;
    routed[FORCED] = forced;
    routed[SWITCHING] = switching;
  }

  /** Walks chain[a..b) serving x0 tasks of workload wl in a region; returns what no offer could take. */
  private serve(
    x0: number,
    chain: Int32Array,
    a: number,
    b: number,
    region: number,
    wl: number,
  ): number {
    const { ready, downFrac, tokPerTask, remaining, servedTasks } = this;
    const { R, W } = this.p;
    let x = x0;
    for (let ci = a; ci < b && x > 0; ci++) {
      const o = chain[ci] ?? 0;
      if (ready[o * R + region] !== 1) continue;
      const k = o * W + wl;
      const avail = x * (1 - (downFrac[o] ?? 0));
      if (avail <= 0) continue;
      const perTask = tokPerTask[k] ?? 0;
      let n = avail;
      const need = avail * perTask;
      const left = remaining[o] ?? 0;
      if (need > left) {
        n = perTask > 0 ? left / perTask : avail;
        remaining[o] = 0;
      } else remaining[o] = left - need;
      if (n <= 0) continue;
      servedTasks[k] = (servedTasks[k] ?? 0) + n;
      x -= n;
    }
    return x;
  }

  /**
   * Prices the month from the tasks each offer served, adds it to the run's totals, and counts
   * each offer's share of served tasks into the batch's histograms.
   */
  private price(t: number, fixed: number, switching: number): void {
    const { p, cs, s, servedTasks, servedByOffer, routed, totals } = this;
    const { W, O, H, valueUsd } = p;
    const { costPerTask, succPerTask } = this.world;
    const uses = cs.usedOffers;
    let cost = 0;
    let successes = 0;
    let value = 0;
    let served = 0;
    for (let u = 0; u < uses.length; u++) {
      const o = uses[u] ?? 0;
      let offerCost = 0;
      let offerServed = 0;
      for (let w = 0; w < W; w++) {
        const k = o * W + w;
        const n = servedTasks[k] ?? 0;
        if (n === 0) continue;
        const succ = n * (succPerTask[k] ?? 0);
        offerCost += n * (costPerTask[k] ?? 0);
        offerServed += n;
        successes += succ;
        value += succ * (valueUsd[w] ?? 0);
      }
      cost += offerCost;
      served += offerServed;
      servedByOffer[o] = offerServed;
      this.costByOffer[o] = (this.costByOffer[o] ?? 0) + offerCost;
    }
    const monthDemand = p.demandTotal[t] ?? 0;
    const monthCost = cost + fixed + switching;
    const unserved = routed[UNSERVED] ?? 0;
    const forced = routed[FORCED] ?? 0;
    this.monthCost = monthCost;
    this.servedShare = monthDemand > 0 ? served / monthDemand : 1;
    this.unserved = unserved;
    const { shareHistogram, shareSumMicro, monthlyForcedSum } = this.batch;
    monthlyForcedSum[s * H + t] = (monthlyForcedSum[s * H + t] ?? 0) + forced;
    for (let u = 0; u < uses.length; u++) {
      const o = uses[u] ?? 0;
      const sh = served > 0 ? (servedByOffer[o] ?? 0) / served : 0;
      if (sh === 0) continue; // zero shares are counted at summary time: n minus the rest
      const cell = (s * O + o) * H + t;
      const bin = cell * (SHARE_BINS + 1) + Math.round(sh * SHARE_BINS);
      shareHistogram[bin] = (shareHistogram[bin] ?? 0) + 1;
      shareSumMicro[cell] = (shareSumMicro[cell] ?? 0) + Math.round(sh * 1e6);
    }
    totals[COST] = (totals[COST] ?? 0) + monthCost;
    totals[SUCCESSES] = (totals[SUCCESSES] ?? 0) + successes;
    totals[UNSERVED] = (totals[UNSERVED] ?? 0) + unserved;
    totals[DOWNTIME] = (totals[DOWNTIME] ?? 0) + (routed[DOWNTIME] ?? 0);
    totals[FORCED] = (totals[FORCED] ?? 0) + forced;
    totals[SWITCHING] = (totals[SWITCHING] ?? 0) + switching;
    totals[FIXED] = (totals[FIXED] ?? 0) + fixed;
    totals[VALUE] = (totals[VALUE] ?? 0) + value;
  }
}

function maxCands(candStart: Int32Array): number {
  let m = 0;
  for (let c = 0; c + 1 < candStart.length; c++)
    m = Math.max(m, (candStart[c + 1] ?? 0) - (candStart[c] ?? 0));
  return m;
}
