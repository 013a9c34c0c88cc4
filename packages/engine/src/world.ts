import type { Events } from './timeline.js';
import { fastExp } from './exp.js';
import { HOURS_PER_MONTH, type Prepared } from './prepare.js';
import {
  outageHoursLanes,
  poissonStart,
  rareCounts,
  reseed,
  Rng,
  sampleGamma,
  sampleLogNormal,
  sampleNormal,
  samplePoisson,
  samplePoissonTable,
  uniform,
  type StreamKey,
} from './rng.js';

/** A shock that never ends (`swEnd`), or has not fired. */
export const NEVER = 1 << 30;

/**
 * The sampled worlds of a block of runs, month by month, one lane per run: the shocks, prices,
 * releases and outages of docs/model.md section 4, and what one task costs (section 5) on each offer. Every
 * strategy of a run reads the same world (common random numbers). Runs are the innermost loop:
 * per-run numbers are `[entity][lane]` arrays (`(o * R + r) * lanes + b`, `(o * W + w) *
 * lanes + b`, `o * lanes + b`), so each process walks the scenario's structure once per block
 * and month. Every lane draws only from its own run's streams (one reusable `Rng` per stream
 * and lane, re-seeded in place: no allocation in the loop), in the order a run alone would.
 * @example
 * const world = new WorldBlock(prepared, 64);
 * world.startBlock(0, 64);
 * for (let t = 0; t < prepared.H; t++) { world.step(t, 64, noEvents); ...; world.endMonth(); }
 */
export class WorldBlock {
  readonly lanes: number;
  /** 1 where an offer can take work in a region this month: ready (lead time) and not banned */
  readonly ready: Uint8Array;
  /** 1 in the lanes whose `ready` table changed this month (always in month 0) */
  readonly readyChanged: Uint8Array;
  /** active bans covering each (offer, region) */
  readonly banCount: Uint8Array;
  /** capacity multiplier of each offer with a token cap, from the active capacity cuts */
  readonly capFactor: Float64Array;
  /**
   * share of each (offer, region)'s availability left by the active capacity cuts, for offers
   * without a token cap (1 elsewhere): a cut there works like down time (docs/model.md 4.3)
   */
  readonly cutAvail: Float64Array;
  /** outage and overload hours this month, and as a share of the month; last month's share */
  readonly downHours: Float64Array;
  readonly downFrac: Float64Array;
  readonly prevDownFrac: Float64Array;
  /**
   * Economics of one task: USD at list prices (the month's price factor still to apply),
   * million tokens, P(success). They change only with quality (releases), not month by month.
   */
  readonly listCostPerTask: Float64Array;
  readonly tokPerTask: Float64Array;
  readonly succPerTask: Float64Array;
  /** this month's multiplier of each offer's list prices (price path, changes, jumps, resets) */
  readonly priceFactor: Float64Array;
  /** cost per successful task (adaptive strategies' utility); filled only if one is adaptive */
  readonly cpst: Float64Array;

  private readonly p: Prepared;
  /** token-use multiplier of each (offer, workload) in each run */
  private readonly mult: Float64Array;
  private readonly swActive: Uint8Array;
  private readonly swEnd: Int32Array;
  private readonly groupFired: Uint8Array;
  private readonly cutsChanged: Uint8Array;
  private readonly changeFactor: Float64Array;
  private readonly changeFired: Uint8Array;
  private readonly jumpFactor: Float64Array;
  private readonly resetFactor: Float64Array;
  private readonly qualityBonus: Float64Array;
  private readonly qualityDirty: Uint8Array;
  private readonly succPerAttempt: Float64Array;
  private readonly basePerAttempt: Float64Array;
  /** million tokens of one attempt (input weighted, output times the run's multiplier) */
  private readonly tokPerAttempt: Float64Array;
  private readonly anyAdaptive: boolean;
  /** (mu, sigma) of each offer's outage durations, and where to search its count table */
  private readonly outParams: Float64Array[];
  private readonly outStart: Int32Array;
  /** rare events' counts per lane, and the lanes with a count above 0 */
  private readonly counts: Int32Array;
  private readonly hits: Int32Array;
  /** the lanes whose task economics `taskOdds` recomputes */
  private readonly dirtyLanes: Int32Array;
  /** 1 in the months where some offer's self-hosting lead time ends */
  private readonly leadTimeEnds: Uint8Array;

  // Streams, `[entity x lanes + lane]`; null where a process has nothing random (zero rate,
  // fixed timing): no draws, no seeding.
  private readonly multRng: (Rng | null)[];
  private readonly outRng: (Rng | null)[];
  private readonly ovRng: (Rng | null)[];
  private readonly swRng: (Rng | null)[];
  private readonly groupRng: (Rng | null)[];
  private readonly pcRng: (Rng | null)[];
  /** per price-jump process, `[offer x lanes + lane]` */
  private readonly pjRng: Rng[][];
  /** per release process, `[lab x lanes + lane]` */
  private readonly relRng: Rng[][];
  /** the stream keys of the switchables, groups, price changes and release labs, gathered once */
  private readonly swKeys: StreamKey[];
  private readonly groupKeys: StreamKey[];
  private readonly pcKeys: StreamKey[];
  private readonly relKeys: StreamKey[][];

  constructor(p: Prepared, lanes: number) {
    const { O, W, R } = p;
    const L = lanes;
    const f64 = (n: number) => new Float64Array(n * L);
    const u8 = (n: number) => new Uint8Array(n * L);
    /** One Rng per lane for each entity that has a stream, null for those without. */
    const streams = <T>(entities: readonly T[], random: (e: T, i: number) => boolean) =>
      entities.flatMap((e, i) =>
        Array.from({ length: L }, () => (random(e, i) ? new Rng() : null)),
      );
    this.p = p;
    this.lanes = L;
    this.ready = u8(O * R);
    this.readyChanged = new Uint8Array(L);
    this.banCount = u8(O * R);
    this.capFactor = f64(O);
    this.cutAvail = f64(O * R);
    this.downHours = f64(O);
    this.downFrac = f64(O);
    this.prevDownFrac = f64(O);
    this.listCostPerTask = f64(O * W);
    this.tokPerTask = f64(O * W);
    this.succPerTask = f64(O * W);
    this.cpst = f64(O * W);
    this.mult = f64(O * W);
    this.swActive = u8(p.switchables.length);
    this.swEnd = new Int32Array(p.switchables.length * L);
    this.groupFired = u8(p.groups.length);
    this.cutsChanged = new Uint8Array(L);
    this.changeFactor = f64(O);
    this.changeFired = u8(p.priceChanges.length);
    this.jumpFactor = f64(O);
    this.resetFactor = f64(O);
    this.qualityBonus = f64(O);
    this.qualityDirty = u8(O);
    this.succPerAttempt = f64(O * W);
    this.basePerAttempt = f64(O * W);
    this.tokPerAttempt = f64(O * W);
    this.anyAdaptive = p.strategies.some((cs) => cs.adaptive);
    this.outParams = Array.from({ length: O }, (_, o) =>
      Float64Array.of(p.outMu[o] ?? 0, p.outSigma[o] ?? 0),
    );
    this.outStart = Int32Array.from(p.outPoisson, (table) => (table ? poissonStart(table) : 0));
    this.priceFactor = f64(O);
    this.swKeys = p.switchables.map((sw) => sw.key);
    this.groupKeys = p.groups.map((g) => g.key);
    this.pcKeys = p.priceChanges.map((pc) => pc.key);
    this.relKeys = p.releases.map((rel) => rel.labs.map((lab) => lab.key));
    this.dirtyLanes = new Int32Array(L);
    this.counts = new Int32Array(L);
    this.hits = new Int32Array(L);
    this.leadTimeEnds = new Uint8Array(p.H + 1);
    for (const months of p.leadTime) if (months <= p.H) this.leadTimeEnds[months] = 1;
    this.multRng = streams(p.multKeys, (key) => key !== null);
    this.outRng = streams(p.outKeys, (_, o) => (p.outRate[o] ?? 0) > 0);
    this.ovRng = streams(p.ovKeys, (_, o) => (p.ovRate[o] ?? 0) > 0);
    this.swRng = streams(p.switchables, (sw) => sw.hazard > 0 || typeof sw.duration === 'object');
    this.groupRng = streams(p.groups, (g) => g.hazard > 0);
    this.pcRng = streams(p.priceChanges, (pc) => pc.hazard > 0);
    this.pjRng = p.priceJumps.map((j) =>
      Array.from({ length: j.keys.length * L }, () => new Rng()),
    );
    this.relRng = p.releases.map((rel) =>
      Array.from({ length: rel.labs.length * L }, () => new Rng()),
    );
  }

  /**
   * Starts runs firstRun .. firstRun + n - 1 in lanes 0 .. n - 1: re-seeds their streams,
   * draws their token multipliers and resets the state.
   */
  startBlock(firstRun: number, n: number): void {
    const { p, lanes: L } = this;
    const { O, W, multMedian, multSigma, tokIn, tokOut, inputWeight, priceIn, priceOut } = p;
    reseedBlock(p.multKeys, this.multRng, L, firstRun, n);
    reseedBlock(p.outKeys, this.outRng, L, firstRun, n);
    reseedBlock(p.ovKeys, this.ovRng, L, firstRun, n);
    reseedBlock(this.swKeys, this.swRng, L, firstRun, n);
    reseedBlock(this.groupKeys, this.groupRng, L, firstRun, n);
    reseedBlock(this.pcKeys, this.pcRng, L, firstRun, n);
    p.priceJumps.forEach((j, i) => reseedBlock(j.keys, this.pjRng[i] ?? [], L, firstRun, n));
    this.relKeys.forEach((keys, i) => reseedBlock(keys, this.relRng[i] ?? [], L, firstRun, n));
    // Token multipliers, then the tokens and base price of one attempt, which depend on them only.
    for (let k = 0; k < O * W; k++) {
      const o = (k / W) | 0;
      const w = k - o * W;
      const median = multMedian[k] ?? 1;
      const sigma = multSigma[k] ?? 0;
      for (let b = 0; b < n; b++) {
        const i = k * L + b;
        const rng = this.multRng[i];
        const m = rng ? median * fastExp(sigma * sampleNormal(rng, 0, 1)) : median;
        this.mult[i] = m;
        this.tokPerAttempt[i] =
          ((tokIn[w] ?? 0) * (inputWeight[o] ?? 1) + (tokOut[w] ?? 0) * m) / 1e6;
        this.basePerAttempt[i] =
          ((tokIn[w] ?? 0) * (priceIn[o] ?? 0) + (tokOut[w] ?? 0) * m * (priceOut[o] ?? 0)) / 1e6;
      }
    }
    this.swActive.fill(0);
    this.banCount.fill(0);
    this.changeFactor.fill(1);
    this.changeFired.fill(0);
    this.jumpFactor.fill(1);
    this.resetFactor.fill(1);
    this.qualityBonus.fill(0);
    this.qualityDirty.fill(1);
    this.prevDownFrac.fill(0);
  }

  /** Samples month `t` in the first `n` lanes; `events[b]` collects lane b's timeline, if any. */
  step(t: number, n: number, events: readonly Events[]): void {
    this.shocks(t, n, events);
    this.priceChanges(t, n, events);
    this.priceJumps(t, n, events);
    this.releases(t, n, events);
    this.outages(t, n, events);
    this.economics(t, n);
  }

  /** After every strategy has read month `t`: this month's downtime becomes last month's. */
  endMonth(): void {
    this.prevDownFrac.set(this.downFrac);
  }

  /**
   * Common shocks (one draw per group and month), then bans and capacity cuts: a hazard draw
   * each month while inactive and a duration draw on firing. Ban counts change only when a
   * shock starts or ends; capacity factors are recomputed then, multiplying the active cuts in
   * shock order; the ready table is rebuilt only when a ban starts or ends or a lead time ends.
   */
  private shocks(t: number, n: number, events: readonly Events[]): void {
    const { p, lanes: L, swActive, swEnd, groupFired, banCount, cutsChanged, readyChanged } = this;
    const { O, R } = p;
    for (let g = 0; g < p.groups.length; g++) {
      const hazard = p.groups[g]?.hazard ?? 0;
      for (let b = 0; b < n; b++) {
        const rng = this.groupRng[g * L + b];
        groupFired[g * L + b] = rng && uniform(rng) < hazard ? 1 : 0;
      }
    }
    cutsChanged.fill(t === 0 ? 1 : 0);
    readyChanged.fill(t === 0 || this.leadTimeEnds[t] === 1 ? 1 : 0);
    for (let k = 0; k < p.switchables.length; k++) {
      const sw = p.switchables[k];
      if (!sw) continue;
      const isBan = sw.kind === 'ban';
      for (let b = 0; b < n; b++) {
        const i = k * L + b;
        const rng = this.swRng[i] ?? null;
        const ev = events[b] ?? null;
        if (swActive[i] === 1 && t >= (swEnd[i] ?? NEVER)) {
          swActive[i] = 0;
          if (isBan) {
            addMask(banCount, sw.mask, -1, L, b);
            readyChanged[b] = 1;
          } else cutsChanged[b] = 1;
          ev?.push({
            month: t,
            kind: isBan ? 'banEnd' : 'capacityCutEnd',
            shockId: sw.id,
            detail: `${sw.id} lifted`,
          });
        }
        if (swActive[i] === 0) {
          let fire = sw.atMonth === t;
          if (sw.hazard > 0 && rng && uniform(rng) < sw.hazard) fire = true;
          if (sw.group >= 0 && groupFired[sw.group * L + b] === 1) fire = true;
          if (fire) {
            swActive[i] = 1;
            if (isBan) {
              addMask(banCount, sw.mask, 1, L, b);
              readyChanged[b] = 1;
            } else cutsChanged[b] = 1;
            const months = durationMonths(sw.duration, rng);
            swEnd[i] = months >= NEVER ? NEVER : t + months;
            ev?.push({
              month: t,
              kind: isBan ? 'banStart' : 'capacityCutStart',
              shockId: sw.id,
              detail: `${sw.id} ${months >= NEVER ? 'for good' : `for ${months} month${months === 1 ? '' : 's'}`}`,
            });
          }
        }
      }
    }
    for (let b = 0; b < n; b++) {
      if (cutsChanged[b] === 1) this.capacityFactors(b);
      if (readyChanged[b] === 1) {
        const { leadTime } = p;
        const ready = this.ready;
        for (let o = 0; o < O; o++) {
          const isReady = t >= (leadTime[o] ?? 0);
          for (let r = 0; r < R; r++) {
            const i = (o * R + r) * L + b;
            ready[i] = isReady && banCount[i] === 0 ? 1 : 0;
          }
        }
      }
    }
  }

  /**
   * Lane b's capacity factors, the product of its active cuts in shock order: of the token cap
   * on offers with one (validation keeps region-scoped cuts off them), else of the availability
   * in each region the cut covers.
   */
  private capacityFactors(b: number): void {
    const { p, lanes: L, capFactor, cutAvail, swActive } = this;
    const { O, R, capacityMTokens } = p;
    for (let o = 0; o < O; o++) capFactor[o * L + b] = 1;
    for (let i = 0; i < O * R; i++) cutAvail[i * L + b] = 1;
    for (let k = 0; k < p.switchables.length; k++) {
      const sw = p.switchables[k];
      if (!sw || sw.kind === 'ban' || swActive[k * L + b] !== 1) continue;
      const mask = sw.mask;
      for (let o = 0; o < O; o++) {
        const capped = Number.isFinite(capacityMTokens[o] ?? Infinity);
        let hit = 0;
        for (let r = 0; r < R; r++) {
          const inScope = mask[o * R + r] ?? 0;
          hit |= inScope;
          const i = (o * R + r) * L + b;
          if (inScope && !capped) cutAvail[i] = (cutAvail[i] ?? 1) * sw.capacityFactor;
        }
        if (hit && capped) capFactor[o * L + b] = (capFactor[o * L + b] ?? 1) * sw.capacityFactor;
      }
    }
  }

  /** One-off price changes, at a month or by hazard. */
  private priceChanges(t: number, n: number, events: readonly Events[]): void {
    const { p, lanes: L, changeFired, changeFactor } = this;
    for (let i = 0; i < p.priceChanges.length; i++) {
      const pc = p.priceChanges[i];
      if (!pc) continue;
      for (let b = 0; b < n; b++) {
        if (changeFired[i * L + b] === 1) continue;
        const rng = this.pcRng[i * L + b];
        if (pc.atMonth === t || (rng && uniform(rng) < pc.hazard)) {
          changeFired[i * L + b] = 1;
          for (let q = 0; q < pc.offers.length; q++) {
            const o = pc.offers[q] ?? 0;
            changeFactor[o * L + b] = (changeFactor[o * L + b] ?? 1) * pc.factor;
          }
          events[b]?.push({
            month: t,
            kind: 'priceChange',
            shockId: pc.id,
            detail: `${pc.id}: prices x${pc.factor}`,
          });
        }
      }
    }
  }

  /** Random price jumps: Poisson(nu) per offer and month, log-size ~ Normal(m, s). */
  private priceJumps(t: number, n: number, events: readonly Events[]): void {
    const { p, lanes: L, jumpFactor } = this;
    for (let i = 0; i < p.priceJumps.length; i++) {
      const j = p.priceJumps[i];
      const streams = this.pjRng[i];
      if (!j || !streams) continue;
      const table = j.table;
      const { counts, hits } = this;
      for (let q = 0; q < j.offers.length; q++) {
        const o = j.offers[q] ?? 0;
        // Every lane's count at once; then only the lanes with a jump are visited.
        const visits = table ? rareCounts(streams, q * L, n, table, counts, hits) : n;
        for (let h = 0; h < visits; h++) {
          const b = table ? (hits[h] ?? 0) : h;
          const rng = streams[q * L + b];
          if (!rng) continue;
          const jumps = table ? (counts[b] ?? 0) : samplePoisson(rng, j.rate);
          for (let e = 0; e < jumps; e++) {
            const factor = fastExp(sampleNormal(rng, j.logMean, j.logSd));
            jumpFactor[o * L + b] = (jumpFactor[o * L + b] ?? 1) * factor;
            events[b]?.push({
              month: t,
              kind: 'priceJump',
              offerId: p.offerIds[o],
              shockId: j.id,
              detail: `${p.offerNames[o]} price x${factor.toFixed(2)}`,
            });
          }
        }
      }
    }
  }

  /** Capability releases, one stream per lab: quality steps, and an optional price reset. */
  private releases(t: number, n: number, events: readonly Events[]): void {
    const { p, lanes: L, qualityDirty, qualityBonus, resetFactor, jumpFactor, changeFactor } = this;
    for (let i = 0; i < p.releases.length; i++) {
      const rel = p.releases[i];
      const streams = this.relRng[i];
      if (!rel || !streams) continue;
      // Releases at a rate, from a count table: every lane's count at once, then only the
      // lanes with a release are visited.
      const table = rel.atMonth < 0 && !(rel.hazard > 0) ? rel.table : null;
      const { counts, hits } = this;
      for (let q = 0; q < rel.labs.length; q++) {
        const lab = rel.labs[q];
        if (!lab) continue;
        const visits = table ? rareCounts(streams, q * L, n, table, counts, hits) : n;
        for (let h = 0; h < visits; h++) {
          const b = table ? (hits[h] ?? 0) : h;
          const rng = streams[q * L + b];
          if (!rng) continue;
          let count: number;
          if (table) count = counts[b] ?? 0;
          else if (rel.atMonth >= 0) count = rel.atMonth === t ? 1 : 0;
          else if (rel.hazard > 0) count = uniform(rng) < rel.hazard ? 1 : 0;
          else count = samplePoisson(rng, rel.rate);
          for (let e = 0; e < count; e++) {
            const step = sampleNormal(rng, rel.stepMean, rel.stepSd);
            for (let li = 0; li < lab.offers.length; li++) {
              const x = (lab.offers[li] ?? 0) * L + b;
              qualityDirty[x] = 1;
              qualityBonus[x] = (qualityBonus[x] ?? 0) + step;
              if (rel.priceReset > 0) {
                resetFactor[x] = rel.priceReset;
                jumpFactor[x] = 1;
                changeFactor[x] = 1;
              }
            }
            events[b]?.push({
              month: t,
              kind: 'release',
              shockId: rel.id,
              detail: `${lab.lab} release: quality ${step >= 0 ? '+' : ''}${step.toFixed(1)} points`,
            });
          }
        }
      }
    }
  }

  /**
   * Outages: N ~ Poisson(lambda) (lambda ~ Gamma when clustered), durations LogNormal(mu, sigma),
   * times severity; plus overload episodes. Down hours are capped at the month's hours.
   */
  private outages(t: number, n: number, events: readonly Events[]): void {
    const { p, lanes: L, downHours, downFrac } = this;
    for (let o = 0; o < p.O; o++) {
      const table = p.outPoisson[o] ?? null;
      const start = this.outStart[o] ?? 0;
      const params = this.outParams[o] ?? new Float64Array(2);
      const mu = p.outMu[o] ?? 0;
      const sigma = p.outSigma[o] ?? 0;
      const severity = p.outSeverity[o] ?? 1;
      const ovTable = p.ovPoisson[o] ?? null;
      const ovMu = p.ovMu[o] ?? 0;
      const ovSigma = p.ovSigma[o] ?? 0;
      const ovSeverity = p.ovSeverity[o] ?? 0;
      // Outage hours of every lane in one call (no lane of this block keeps a timeline: sample
      // runs are the first lanes of their block); else lane by lane, counting incidents.
      const allLanes = table !== null && !events[0];
      if (allLanes) outageHoursLanes(this.outRng, o * L, n, table, start, params, downHours, o * L);
      if (allLanes && !((p.ovRate[o] ?? 0) > 0)) {
        // No overload process and no timeline: just severity and the month's cap.
        for (let b = 0; b < n; b++) {
          const total = Math.min(HOURS_PER_MONTH, (downHours[o * L + b] ?? 0) * severity);
          downHours[o * L + b] = total;
          downFrac[o * L + b] = total / HOURS_PER_MONTH;
        }
        continue;
      }
      for (let b = 0; b < n; b++) {
        const ev = events[b] ?? null;
        let hours = 0;
        let incidents = 0;
        const rng = this.outRng[o * L + b];
        if (rng) {
          if (allLanes) hours = downHours[o * L + b] ?? 0;
          else {
            const shape = p.outShape[o] ?? 0;
            const rate = p.outRate[o] ?? 0;
            incidents = table
              ? samplePoissonTable(rng, table)
              : samplePoisson(rng, shape > 0 ? sampleGamma(rng, shape, rate / shape) : rate);
            for (let e = 0; e < incidents; e++) hours += sampleLogNormal(rng, mu, sigma);
          }
          hours *= severity;
        }
        let overloadHours = 0;
        const orng = this.ovRng[o * L + b];
        if (orng) {
          const episodes = ovTable
            ? samplePoissonTable(orng, ovTable)
            : samplePoisson(orng, p.ovRate[o] ?? 0);
          for (let e = 0; e < episodes; e++) overloadHours += sampleLogNormal(orng, ovMu, ovSigma);
          overloadHours *= ovSeverity;
          if (ev && episodes > 0) {
            ev.push({
              month: t,
              kind: 'overload',
              offerId: p.offerIds[o],
              detail: `${p.offerNames[o]} overloaded ${overloadHours.toFixed(1)} capacity-hours`,
            });
          }
        }
        const total = Math.min(HOURS_PER_MONTH, hours + overloadHours);
        downHours[o * L + b] = total;
        downFrac[o * L + b] = total / HOURS_PER_MONTH;
        if (ev && incidents > 0) {
          ev.push({
            month: t,
            kind: 'outage',
            offerId: p.offerIds[o],
            detail: `${p.offerNames[o]}: ${incidents} incident${incidents === 1 ? '' : 's'}, ${hours.toFixed(1)} h down`,
          });
        }
      }
    }
  }

  /**
   * This month's price factor of each offer in use (docs/model.md 4.6), and the cost per
   * successful task if a strategy is adaptive. Success rates, token use and list costs change
   * only with quality (releases), so they are recomputed only then.
   */
  private economics(t: number, n: number): void {
    const { p, lanes: L, changeFactor, jumpFactor, resetFactor, qualityDirty, priceFactor } = this;
    const { W, H, liveOffers, pathFactor } = p;
    const { basePerAttempt, succPerAttempt, cpst, dirtyLanes } = this;
    for (let u = 0; u < liveOffers.length; u++) {
      const o = liveOffers[u] ?? 0;
      const path = pathFactor[o * H + t] ?? 1;
      // The lanes whose quality changed (listed without a branch: releases are random), then
      // their task economics all at once.
      let dirty = 0;
      for (let b = 0; b < n; b++) {
        const x = o * L + b;
        dirtyLanes[dirty] = b;
        dirty += qualityDirty[x] ?? 0;
        priceFactor[x] =
          path * (changeFactor[x] ?? 1) * (jumpFactor[x] ?? 1) * (resetFactor[x] ?? 1);
      }
      if (dirty > 0) this.taskOdds(o, dirty);
      if (!this.anyAdaptive) continue;
      // A self-hosted offer's cost includes its reserved GPUs, spread over its capacity.
      const fixedPerMToken = p.selfUsdPerMToken[o] ?? 0;
      const { tokPerAttempt } = this;
      for (let w = 0; w < W; w++) {
        const row = (o * W + w) * L;
        for (let b = 0; b < n; b++) {
          let perAttempt = (basePerAttempt[row + b] ?? 0) * (priceFactor[o * L + b] ?? 1);
          if (fixedPerMToken > 0) perAttempt += (tokPerAttempt[row + b] ?? 0) * fixedPerMToken;
          cpst[row + b] = perAttempt / (succPerAttempt[row + b] ?? 1);
        }
      }
    }
  }

  /**
   * P(success), attempts, list cost and tokens of one task on offer `o` from its current
   * quality, in the first `count` lanes of `dirtyLanes`.
   */
  private taskOdds(o: number, count: number): void {
    const { p, lanes: L, dirtyLanes, qualityBonus, qualityDirty } = this;
    const { W, qualityBase, difficulty, slope, retries } = p;
    const { listCostPerTask, succPerTask, succPerAttempt, tokPerTask } = this;
    const { basePerAttempt, tokPerAttempt } = this;
    for (let w = 0; w < W; w++) {
      const k = o * W + w;
      const base = qualityBase[k] ?? 0;
      const gap = difficulty[w] ?? 0;
      const perPoint = 1 / (slope[w] ?? 1);
      const tries = retries[w] ?? 0;
      for (let j = 0; j < count; j++) {
        const b = dirtyLanes[j] ?? 0;
        const i = k * L + b;
        // Inline taskEconomics (no allocation): p, P(success) = 1 - (1-p)^(r+1), attempts = P / p.
        const q = base + (qualityBonus[o * L + b] ?? 0);
        const pa = Math.max(1e-12, 1 / (1 + fastExp((gap - q) * perPoint)));
        const miss = 1 - pa;
        let fail = 1;
        for (let a = 0; a <= tries; a++) fail *= miss;
        const ps = 1 - fail;
        const attempts = ps / pa;
        listCostPerTask[i] = attempts * (basePerAttempt[i] ?? 0);
        succPerTask[i] = ps;
        succPerAttempt[i] = pa;
        tokPerTask[i] = attempts * (tokPerAttempt[i] ?? 0);
      }
    }
    for (let j = 0; j < count; j++) qualityDirty[o * L + (dirtyLanes[j] ?? 0)] = 0;
  }
}

/** Re-seeds the first `n` lanes of each entity's streams for runs firstRun + lane. */
function reseedBlock(
  keys: readonly (StreamKey | null)[],
  rngs: readonly (Rng | null)[],
  lanes: number,
  firstRun: number,
  n: number,
): void {
  for (let e = 0; e < keys.length; e++) {
    const key = keys[e];
    if (!key) continue;
    for (let b = 0; b < n; b++) {
      const rng = rngs[e * lanes + b];
      if (rng) reseed(rng, key, firstRun + b);
    }
  }
}

/** A ban's (offer, region) cells start (sign 1) or stop (-1) counting in one lane. */
function addMask(
  counts: Uint8Array,
  mask: Uint8Array,
  sign: number,
  lanes: number,
  lane: number,
): void {
  for (let i = 0; i < mask.length; i++) {
    const j = i * lanes + lane;
    counts[j] = (counts[j] ?? 0) + sign * (mask[i] ?? 0);
  }
}

function durationMonths(
  duration: Prepared['switchables'][number]['duration'],
  rng: Rng | null,
): number {
  if (duration === 'permanent') return NEVER;
  if ('months' in duration) return duration.months;
  const { median, sigma } = duration.lognormalMonths;
  const sample = rng ? median * fastExp(sigma * sampleNormal(rng, 0, 1)) : median;
  return Math.max(1, Math.round(sample));
}
