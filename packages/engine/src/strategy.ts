import type { Events } from './timeline.js';
import { fastExp } from './exp.js';
import type { CompiledStrategy, Prepared } from './prepare.js';
import { roundNonNegative } from './stats.js';
import { SHARE_BINS, TOTAL_METRICS, type RunBatch } from './types.js';
import type { WorldBlock } from './world.js';

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
  private readonly world: WorldBlock;
  private readonly batch: RunBatch;
  private readonly L: number;
  /** index in the batch of the block's first run */
  private at = 0;
  /** rule: the offer each portion sat on last month (-1: none), `[portion][lane]` */
  private readonly prevAssigned: Int32Array;
  /**
   * rule: the last offer that served each portion (-1: none yet), `[portion][lane]`; a portion
   * pays its switching cost when it lands on another offer than this one (docs/model.md 6.3)
   */
  private readonly lastServed: Int32Array;
  /** adaptive: the shares of the last month the cell was served, `[candidate][lane]` (6.5) */
  private readonly lastShares: Float64Array;
  /** adaptive: the shares before month 0, each on the first ready offer of its chain */
  private readonly initialShares: Float64Array;
  /** how many portions (or candidate shares) sat on each offer last month and this month */
  private readonly prevCount: Int32Array;
  private readonly newCount: Int32Array;
  /** adaptive: the share of each candidate of each cell, `[candidate][lane]` */
  private readonly shares: Float64Array;
  private readonly target: Float64Array;
  /** capacity left this month, million tokens, `[offer][lane]` */
  private readonly remaining: Float64Array;
  /** tasks served this month, `[offer x W + workload][lane]`: the walks add only these */
  private readonly servedTasks: Float64Array;
  private readonly servedByOffer: Float64Array;
  /** rule: groups of portions with the same uncapped chain of one or two offers in a region */
  private readonly groups: PortionGroup[];
  /** rule: each portion's group (-1: walked alone), workload and tasks this month */
  private readonly groupOf: Int32Array;
  private readonly portionWorkload: Int32Array;
  private readonly portionTasks: Float64Array;
  /** the runs whose ready table changed this month, for `reassign` */
  private readonly changedLanes: Int32Array;
  /** the share of a grouped portion's tasks its chain's first and second offer take, per run */
  private readonly share1: Float64Array;
  private readonly share2: Float64Array;
  /** this month's per-run sums: tasks left to place on a chain, unserved, downtime, forced, switching, served */
  private readonly left: Float64Array;
  private readonly unserved: Float64Array;
  private readonly downWeighted: Float64Array;
  private readonly forced: Float64Array;
  private readonly switching: Float64Array;
  private readonly served: Float64Array;
  /** this month's self-hosting cost (the same in every run), handed to `price` unboxed */
  private readonly fixed = new Float64Array(1);

  constructor(p: Prepared, s: number, world: WorldBlock, batch: RunBatch) {
    const cs = p.strategies[s];
    if (!cs) throw new Error(`no strategy ${s}`);
    const { O, W } = p;
    const L = world.lanes;
    const f64 = (n: number) => new Float64Array(n * L);
    this.p = p;
    this.cs = cs;
    this.s = s;
    this.world = world;
    this.batch = batch;
    this.L = L;
    this.totals = f64(TOTAL_METRICS.length);
    this.costByOffer = f64(O);
    this.monthly = f64(3 * p.H);
    this.prevAssigned = new Int32Array(cs.portionWeight.length * L);
    this.lastServed = new Int32Array(cs.portionWeight.length * L);
    this.lastShares = f64(cs.candOffers.length);
    this.initialShares = initialShares(p, cs);
    this.prevCount = new Int32Array(O * L);
    this.newCount = new Int32Array(O * L);
    this.shares = f64(cs.candOffers.length);
    this.target = new Float64Array(Math.max(1, maxCands(cs.candStart)));
    this.remaining = f64(O);
    this.servedTasks = f64(O * W);
    this.servedByOffer = f64(O);
    this.left = f64(1);
    this.changedLanes = new Int32Array(L);
    this.share1 = f64(1);
    this.share2 = f64(1);
    this.portionTasks = new Float64Array(cs.portionWeight.length);
    const rules = groupPortions(p, cs);
    this.groups = rules.groups;
    this.groupOf = rules.groupOf;
    this.portionWorkload = rules.workload;
    this.unserved = f64(1);
    this.downWeighted = f64(1);
    this.forced = f64(1);
    this.switching = f64(1);
    this.served = f64(1);
  }

  /**
   * Status quo before month 0 in the first `n` lanes, which hold the batch's runs at, at + 1, ...:
   * each portion on its chain's first ready offer.
   */
  startBlock(n: number, at: number): void {
    const { p, cs, prevAssigned, lastServed, prevCount, shares, lastShares, L } = this;
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
      const sh = this.initialShares[k] ?? 0;
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
    const { p, cs, world, remaining, newCount, servedTasks, L, costByOffer, prevCount } = this;
    const { W, leadTime } = p;
    const uses = cs.usedOffers;
    const capFactor = world.capFactor;
    // This month's capacity (only offers with a cap: `serve` reads no other), counts of offers
    // in use (only while exits can cost a fee) and tasks served start afresh.
    const countsExits = this.countsExits(t);
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
    this.unserved.fill(0);
    this.downWeighted.fill(0);
    this.forced.fill(0);
    this.switching.fill(0);
    if (cs.adaptive) this.routeAdaptive(t, n, events);
    else this.routeRules(t, n, events);
    // Exit fees: leaving an offer altogether before the contract ends. Offers in use are
    // counted only while an exit can still cost a fee (this month and every earlier one).
    for (let u = 0; u < uses.length && countsExits; u++) {
      const o = uses[u] ?? 0;
      for (let b = 0; b < n; b++) {
        const i = o * L + b;
        if ((prevCount[i] ?? 0) > 0 && newCount[i] === 0) {
          const switching = this.switching;
          switching[b] = (switching[b] ?? 0) + cs.exitFeeUsd;
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

  /** Whether month `t` is still inside the contract, where leaving an offer costs an exit fee. */
  private countsExits(t: number): boolean {
    return t < this.cs.contractMonths;
  }

  /**
   * Rule strategies: each portion of a cell on the first ready offer of its chain. Portions
   * whose chain is one or two offers without a capacity cap are walked per group of the same
   * chain in the same region (they share the assignment and the fractions each offer takes);
   * the others one by one by `serve`, in cell order (capacity goes first come, first served).
   */
  private routeRules(t: number, n: number, events: readonly Events[]): void {
    const { p, cs, prevAssigned, newCount, L, left, downWeighted, groups } = this;
    const { servedTasks, unserved, share1, share2 } = this;
    const countsExits = this.countsExits(t);
    const { R, W, H, demand } = p;
    const { ready, downHours, downFrac, cutAvail } = this.world;
    const monthDemand = p.demandTotal[t] ?? 0;
    const { portionStart, portionWeight, chainStart, chainOffers } = cs;
    this.reassign(t, n, events);
    // Each portion's tasks this month (the same in every run).
    const { portionTasks } = this;
    for (let c = 0; c < p.C; c++) {
      const D = demand[c * H + t] ?? 0;
      for (let q = portionStart[c] ?? 0; q < (portionStart[c + 1] ?? 0); q++)
        portionTasks[q] = D * (portionWeight[q] ?? 0);
    }
    for (const g of groups) {
      const { region: r, o1, o2, portions } = g;
      let tasks = 0;
      for (let j = 0; j < portions.length; j++) tasks += portionTasks[portions[j] ?? 0] ?? 0;
      const mass = monthDemand > 0 ? tasks / monthDemand : 0;
      const first = (portions[0] ?? 0) * L;
      const ready1 = (o1 * R + r) * L;
      const ready2 = (o2 * R + r) * L;
      // The group's assignment and the share of a portion's tasks each offer takes, run by run.
      for (let b = 0; b < n; b++) {
        const assigned = prevAssigned[first + b] ?? -1;
        if (assigned >= 0) {
          const i = assigned * L + b;
          if (countsExits) newCount[i] = (newCount[i] ?? 0) + portions.length;
          downWeighted[b] = (downWeighted[b] ?? 0) + mass * (downHours[i] ?? 0);
        }
        // Shares of one task: what each ready offer's uptime (and what capacity cuts leave of
        // it) lets it take (both in [0, 1]), the rest falling through to the next offer and
        // then unserved.
        let rest = 1;
        let a1 = 0;
        let a2 = 0;
        if (ready[ready1 + b] === 1) {
          a1 = (1 - (downFrac[o1 * L + b] ?? 0)) * (cutAvail[ready1 + b] ?? 1);
          rest -= a1;
        }
        if (o2 >= 0 && rest > 0 && ready[ready2 + b] === 1) {
          a2 = rest * ((1 - (downFrac[o2 * L + b] ?? 0)) * (cutAvail[ready2 + b] ?? 1));
          rest -= a2;
        }
        share1[b] = a1;
        share2[b] = a2;
        unserved[b] = (unserved[b] ?? 0) + tasks * rest;
      }
      // What each portion (one per workload) puts on each offer.
      for (let j = 0; j < portions.length; j++) {
        const q = portions[j] ?? 0;
        const x = portionTasks[q] ?? 0;
        const w = this.portionWorkload[q] ?? 0;
        const row1 = (o1 * W + w) * L;
        for (let b = 0; b < n; b++)
          servedTasks[row1 + b] = (servedTasks[row1 + b] ?? 0) + x * (share1[b] ?? 0);
        if (o2 < 0) continue;
        const row2 = (o2 * W + w) * L;
        for (let b = 0; b < n; b++)
          servedTasks[row2 + b] = (servedTasks[row2 + b] ?? 0) + x * (share2[b] ?? 0);
      }
    }
    // The other portions, in cell order (capacity is taken first come, first served).
    for (let w = 0; w < W; w++) {
      for (let r = 0; r < R; r++) {
        const c = w * R + r;
        const pb = portionStart[c + 1] ?? 0;
        for (let q = portionStart[c] ?? 0; q < pb; q++) {
          if ((this.groupOf[q] ?? -1) >= 0) continue;
          const ca = chainStart[q] ?? 0;
          const cb = chainStart[q + 1] ?? 0;
          const tasks = portionTasks[q] ?? 0;
          // This portion's share of the month's demand (0 in a month without demand).
          const mass = monthDemand > 0 ? tasks / monthDemand : 0;
          for (let b = 0; b < n; b++) {
            const assigned = prevAssigned[q * L + b] ?? -1;
            if (assigned >= 0) {
              const i = assigned * L + b;
              if (countsExits) newCount[i] = (newCount[i] ?? 0) + 1;
              downWeighted[b] = (downWeighted[b] ?? 0) + mass * (downHours[i] ?? 0);
            }
            left[b] = tasks;
          }
          this.serve(0, n, chainOffers, ca, cb, r, w);
        }
      }
    }
  }

  /**
   * Rule strategies, in the runs whose ready table changed this month: each portion moves to
   * the first ready offer of its chain, paying for the move; leaving a banned offer is a forced
   * migration.
   */
  private reassign(t: number, n: number, events: readonly Events[]): void {
    const { p, cs, prevAssigned, lastServed, L, forced, switching } = this;
    const { R, W } = p;
    const { ready, readyChanged, banCount } = this.world;
    const { portionStart, portionWeight, chainStart, chainOffers } = cs;
    // The runs whose ready table changed (usually one or two of a block), listed once.
    const changed = this.changedLanes;
    let k = 0;
    for (let b = 0; b < n; b++) {
      changed[k] = b;
      k += readyChanged[b] ?? 0;
    }
    if (k === 0) return;
    for (let w = 0; w < W; w++) {
      for (let r = 0; r < R; r++) {
        const c = w * R + r;
        for (let q = portionStart[c] ?? 0; q < (portionStart[c + 1] ?? 0); q++) {
          const ca = chainStart[q] ?? 0;
          const cb = chainStart[q + 1] ?? 0;
          for (let j = 0; j < k; j++) {
            const b = changed[j] ?? 0;
            const prev = prevAssigned[q * L + b] ?? -1;
            let assigned = -1;
            for (let ci = ca; ci < cb; ci++) {
              const o = chainOffers[ci] ?? 0;
              if (ready[(o * R + r) * L + b] === 1) {
                assigned = o;
                break;
              }
            }
            if (assigned === prev) continue;
            if (prev >= 0 && (banCount[(prev * R + r) * L + b] ?? 0) > 0) {
              forced[b] = (forced[b] ?? 0) + 1;
              events[b]?.push({
                month: t,
                kind: 'forcedMigration',
                strategyId: cs.id,
                regionId: p.regionIds[r],
                offerId: p.offerIds[prev] ?? '',
                detail: `${cs.name}: ${p.workloadIds[w]} in ${p.regionIds[r]} forced off ${p.offerNames[prev]} to ${assigned >= 0 ? p.offerNames[assigned] : 'nothing (unserved)'}`,
              });
            }
            // A move pays when the portion lands on another offer than the last that served
            // it, also after months on no offer at all (A -> none -> B pays, A -> none -> A not).
            if (assigned >= 0) {
              const last = lastServed[q * L + b] ?? -1;
              if (last >= 0 && last !== assigned)
                switching[b] = (switching[b] ?? 0) + cs.switchCostUsd * (portionWeight[q] ?? 0);
              lastServed[q * L + b] = assigned;
            }
            prevAssigned[q * L + b] = assigned;
          }
        }
      }
    }
  }

  /**
   * Adaptive strategies: shares on offers that cannot take work land on the target at once
   * (a forced migration only if the offer is banned), then shares move toward a softmax of
   * -beta x log(risk-adjusted cost per successful task), by 1/lag of the gap each month. The
   * switching cost is paid on the net share each offer gained since the cell was last served.
   */
  private routeAdaptive(t: number, n: number, events: readonly Events[]): void {
    const { p, cs, shares, lastShares, target, newCount, L, left, unserved, downWeighted } = this;
    const { forced, switching } = this;
    const countsExits = this.countsExits(t);
    const { R, C, H, W, demand } = p;
    const { ready, banCount, downHours, cpst, prevDownFrac } = this.world;
    const monthDemand = p.demandTotal[t] ?? 0;
    for (let c = 0; c < C; c++) {
      const w = (c / R) | 0;
      const r = c - w * R;
      const D = demand[c * H + t] ?? 0;
      const a = cs.candStart[c] ?? 0;
      const z = cs.candStart[c + 1] ?? 0;
      for (let b = 0; b < n; b++) {
        let displaced = 0;
        let bannedMass = 0;
        let incumbent = -1;
        let best = -1;
        for (let k = a; k < z; k++) {
          const sh = shares[k * L + b] ?? 0;
          if (sh > best + 1e-12) {
            best = sh;
            incumbent = k;
          }
        }
        let maxU = -Infinity;
        let anyAvail = false;
        for (let k = a; k < z; k++) {
          const o = cs.candOffers[k] ?? 0;
          if (ready[(o * R + r) * L + b] !== 1) {
            const sh = shares[k * L + b] ?? 0;
            displaced += sh;
            if ((banCount[(o * R + r) * L + b] ?? 0) > 0) bannedMass += sh;
            shares[k * L + b] = 0;
            target[k - a] = Number.NEGATIVE_INFINITY;
            continue;
          }
          anyAvail = true;
          const risk =
            (cpst[(o * W + w) * L + b] ?? 0) *
            (1 + cs.riskAversion * (prevDownFrac[o * L + b] ?? 0));
          const u =
            -cs.beta * Math.log(risk > 0 ? risk : 1e-300) + (k === incumbent ? cs.inertiaBonus : 0);
          target[k - a] = u;
          if (u > maxU) maxU = u;
        }
        if (bannedMass > 1e-12) {
          forced[b] = (forced[b] ?? 0) + 1;
          events[b]?.push({
            month: t,
            kind: 'forcedMigration',
            strategyId: cs.id,
            regionId: p.regionIds[r],
            detail: `${cs.name}: ${(bannedMass * 100).toFixed(0)}% of ${p.workloadIds[w]} in ${p.regionIds[r]} forced off a banned offer`,
          });
        }
        if (!anyAvail) {
          unserved[b] = (unserved[b] ?? 0) + D;
          continue;
        }
        let sum = 0;
        for (let k = a; k < z; k++) {
          const u = target[k - a] ?? Number.NEGATIVE_INFINITY;
          const e = u === Number.NEGATIVE_INFINITY ? 0 : fastExp(u - maxU);
          target[k - a] = e;
          sum += e;
        }
        let prevSum = 0;
        for (let k = a; k < z; k++) prevSum += shares[k * L + b] ?? 0;
        let moved = 0;
        let lastSum = 0;
        for (let k = a; k < z; k++) {
          const goal = (target[k - a] ?? 0) / sum;
          // Displaced mass lands on the target at once; the rest moves by 1/lag of the gap.
          const from =
            prevSum > 1e-12
              ? ((shares[k * L + b] ?? 0) + displaced * goal) / (prevSum + displaced)
              : goal;
          const next = from + (goal - from) / cs.lagMonths;
          shares[k * L + b] = next;
          // The net share this offer gained since the cell was last served.
          const last = lastShares[k * L + b] ?? 0;
          lastSum += last;
          if (next > last) moved += next - last;
          lastShares[k * L + b] = next;
        }
        if (lastSum > 1e-12) switching[b] = (switching[b] ?? 0) + cs.switchCostUsd * moved;
        for (let k = a; k < z; k++) {
          const sh = shares[k * L + b] ?? 0;
          if (sh <= 0) continue;
          const o0 = cs.candOffers[k] ?? 0;
          if (sh > 1e-9 && countsExits) newCount[o0 * L + b] = (newCount[o0 * L + b] ?? 0) + 1;
          downWeighted[b] =
            (downWeighted[b] ?? 0) +
            (monthDemand > 0 ? ((D * sh) / monthDemand) * (downHours[o0 * L + b] ?? 0) : 0);
          left[b] = D * sh;
          this.serve(
            b,
            b + 1,
            cs.candChainOffers,
            cs.candChainStart[k] ?? 0,
            cs.candChainStart[k + 1] ?? 0,
            r,
            w,
          );
        }
      }
    }
  }

  /**
   * Walks chain[a..z) in lanes [from, to), serving `left[b]` tasks of workload wl in a region: each
   * ready offer takes what its uptime and remaining capacity allow, the rest falls through;
   * what no offer could take is added to `unserved`.
   */
  private serve(
    from: number,
    to: number,
    chain: Int32Array,
    a: number,
    z: number,
    region: number,
    wl: number,
  ): void {
    const { p, L, left, unserved } = this;
    const { ready, downFrac, cutAvail, tokPerTask } = this.world;
    const { remaining, servedTasks } = this;
    const { R, W, capacityMTokens } = p;
    for (let ci = a; ci < z; ci++) {
      const o = chain[ci] ?? 0;
      const row = (o * W + wl) * L;
      const readyRow = (o * R + region) * L;
      // Capacity (and capacity cuts) bind only on offers with a cap.
      const capped = Number.isFinite(capacityMTokens[o] ?? Infinity);
      for (let b = from; b < to; b++) {
        const x = left[b] ?? 0;
        if (!(x > 0) || ready[readyRow + b] !== 1) continue;
        // Up time, and what the capacity cuts of an offer without a cap leave of it.
        const avail = x * ((1 - (downFrac[o * L + b] ?? 0)) * (cutAvail[readyRow + b] ?? 1));
        let taken = avail;
        if (capped && avail > 0) {
          const perTask = tokPerTask[row + b] ?? 0;
          const need = avail * perTask;
          const room = remaining[o * L + b] ?? 0;
          if (need > room) {
            taken = perTask > 0 ? room / perTask : avail;
            remaining[o * L + b] = 0;
          } else remaining[o * L + b] = room - need;
        }
        if (taken <= 0) continue;
        servedTasks[row + b] = (servedTasks[row + b] ?? 0) + taken;
        left[b] = x - taken;
      }
    }
    for (let b = from; b < to; b++) unserved[b] = (unserved[b] ?? 0) + (left[b] ?? 0);
  }

  /**
   * Prices the month from the tasks each offer served, adds it to each run's totals, and counts
   * each offer's share of served tasks into the batch's histograms.
   */
  private price(t: number, n: number): void {
    const fixed = this.fixed[0] ?? 0;
    const { p, cs, servedTasks, servedByOffer, totals, L, served } = this;
    const { W, H, valueUsd } = p;
    const { listCostPerTask, succPerTask, priceFactor } = this.world;
    const { costByOffer } = this;
    const { downWeighted, forced, switching, unserved } = this;
    // The block's monthly series, copied to the batch by `flush`.
    const { monthly } = this;
    const cost0 = t * L;
    const share0 = (H + t) * L;
    const unserved0 = (2 * H + t) * L;
    const uses = cs.usedOffers;
    const monthDemand = p.demandTotal[t] ?? 0;
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
    const { p, cs, s, servedByOffer, L, served, forced } = this;
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

/** Rule portions that share an uncapped chain of one or two offers in one region. */
interface PortionGroup {
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
function groupPortions(
  p: Prepared,
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
function initialShares(p: Prepared, cs: CompiledStrategy): Float64Array {
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

function maxCands(candStart: Int32Array): number {
  let m = 0;
  for (let c = 0; c + 1 < candStart.length; c++)
    m = Math.max(m, (candStart[c + 1] ?? 0) - (candStart[c] ?? 0));
  return m;
}
