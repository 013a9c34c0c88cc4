import { fastExp } from './exp.js';
import type { SimulationEvent } from '@crosswind/schema';
import { HOURS_PER_MONTH, type Prepared } from './prepare.js';
import {
  outageHours,
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

type Events = SimulationEvent[] | null;

/**
 * What the strategies read of a block of runs' worlds this month, one lane per run:
 * `[entity][lane]` layouts (`(o * R + r) * lanes + b`, `(o * W + w) * lanes + b`, `o * lanes + b`),
 * so a strategy's loop over the runs of a block reads consecutive numbers.
 */
export class WorldBlock {
  readonly lanes: number;
  /** 1 where an offer can take work in a region this month: ready (lead time) and not banned */
  readonly ready: Uint8Array;
  /** 1 in the lanes whose `ready` table changed this month (always in month 0) */
  readonly readyChanged: Uint8Array;
  /** active bans covering each (offer, region) */
  readonly banCount: Uint8Array;
  /** capacity multiplier of each offer from the active capacity cuts */
  readonly capFactor: Float64Array;
  /** outage and overload hours this month, and as a share of the month; last month's share */
  readonly downHours: Float64Array;
  readonly downFrac: Float64Array;
  readonly prevDownFrac: Float64Array;
  /** this month's economics of one task: USD, million tokens, P(success) */
  readonly costPerTask: Float64Array;
  readonly tokPerTask: Float64Array;
  readonly succPerTask: Float64Array;
  /** cost per successful task (adaptive strategies' utility); filled only if one is adaptive */
  readonly cpst: Float64Array;
  private readonly worlds: World[];

  constructor(p: Prepared, lanes: number) {
    const { O, W, R } = p;
    this.lanes = lanes;
    this.ready = new Uint8Array(O * R * lanes);
    this.readyChanged = new Uint8Array(lanes);
    this.banCount = new Uint8Array(O * R * lanes);
    this.capFactor = new Float64Array(O * lanes);
    this.downHours = new Float64Array(O * lanes);
    this.downFrac = new Float64Array(O * lanes);
    this.prevDownFrac = new Float64Array(O * lanes);
    this.costPerTask = new Float64Array(O * W * lanes);
    this.tokPerTask = new Float64Array(O * W * lanes);
    this.succPerTask = new Float64Array(O * W * lanes);
    this.cpst = new Float64Array(O * W * lanes);
    this.worlds = Array.from({ length: lanes }, (_, b) => new World(p, this, b));
  }

  /** Starts runs firstRun .. firstRun + n - 1 in lanes 0 .. n - 1. */
  startBlock(firstRun: number, n: number): void {
    for (let b = 0; b < n; b++) this.worlds[b]?.startRun(firstRun + b);
  }

  /** Samples month `t` in the first `n` lanes; `events[b]` collects lane b's timeline, if any. */
  step(t: number, n: number, events: readonly Events[]): void {
    for (let b = 0; b < n; b++) this.worlds[b]?.step(t, events[b] ?? null);
  }

  /** After every strategy has read month `t`: this month's downtime becomes last month's. */
  endMonth(): void {
    this.prevDownFrac.set(this.downFrac);
  }
}

/**
 * One run's world, month by month: the shocks, prices, releases and outages of MODEL.md
 * sections 3–5, and what one task costs on each offer, written to its lane of a WorldBlock.
 * Every strategy of a run reads the same world (common random numbers). Reused across runs:
 * `startRun` re-seeds its streams in place, so the loop allocates nothing. Small methods, one
 * per process, so each compiles on its own.
 */
class World {
  private readonly p: Prepared;
  private readonly out: WorldBlock;
  private readonly lane: number;
  private readonly lanes: number;
  /** token-use multiplier of each (offer, workload) in this run, `o * W + w` */
  private readonly mult: Float64Array;
  private readonly swActive: Uint8Array;
  private readonly swEnd: Int32Array;
  private readonly groupFired: Uint8Array;
  private readonly changeFactor: Float64Array;
  private readonly changeFired: Uint8Array;
  private readonly jumpFactor: Float64Array;
  private readonly resetFactor: Float64Array;
  private readonly qualityBonus: Float64Array;
  private readonly qualityDirty: Uint8Array;
  private readonly attemptsPerTask: Float64Array;
  private readonly succPerAttempt: Float64Array;
  private readonly basePerAttempt: Float64Array;
  /** tokens of one attempt (input weighted, output times the run's multiplier), `o * W + w` */
  private readonly tokPerAttempt: Float64Array;
  private readonly anyAdaptive: boolean;
  /** 1 in the months where some offer's self-hosting lead time ends */
  private readonly leadTimeEnds: Uint8Array;

  // One reusable generator per stream: re-seeded for each run, never allocated in the loop.
  // Null where a process has nothing random (zero rate, fixed timing): no draws, no seeding.
  private readonly scratch = new Rng();
  private readonly outRng: (Rng | null)[];
  private readonly ovRng: (Rng | null)[];
  private readonly swRng: (Rng | null)[];
  private readonly groupRng: (Rng | null)[];
  private readonly pcRng: (Rng | null)[];
  private readonly pjRng: Rng[][];
  private readonly relRng: Rng[][];
  private readonly swKeys: StreamKey[];
  private readonly groupKeys: StreamKey[];
  private readonly pcKeys: StreamKey[];
  private readonly relKeys: StreamKey[][];

  constructor(p: Prepared, out: WorldBlock, lane: number) {
    const { O, W } = p;
    const f64 = (n: number) => new Float64Array(n);
    this.p = p;
    this.out = out;
    this.lane = lane;
    this.lanes = out.lanes;
    this.mult = f64(O * W);
    this.swActive = new Uint8Array(p.switchables.length);
    this.swEnd = new Int32Array(p.switchables.length);
    this.groupFired = new Uint8Array(p.groups.length);
    this.changeFactor = f64(O);
    this.changeFired = new Uint8Array(p.priceChanges.length);
    this.jumpFactor = f64(O);
    this.resetFactor = f64(O);
    this.qualityBonus = f64(O);
    this.qualityDirty = new Uint8Array(O);
    this.attemptsPerTask = f64(O * W);
    this.succPerAttempt = f64(O * W);
    this.basePerAttempt = f64(O * W);
    this.tokPerAttempt = f64(O * W);
    this.anyAdaptive = p.strategies.some((cs) => cs.adaptive);
    this.leadTimeEnds = new Uint8Array(p.H + 1);
    for (const months of p.leadTime) if (months <= p.H) this.leadTimeEnds[months] = 1;
    this.outRng = p.outKeys.map((_, o) => ((p.outRate[o] ?? 0) > 0 ? new Rng() : null));
    this.ovRng = p.ovKeys.map((_, o) => ((p.ovRate[o] ?? 0) > 0 ? new Rng() : null));
    this.swRng = p.switchables.map((sw) =>
      sw.hazard > 0 || typeof sw.duration === 'object' ? new Rng() : null,
    );
    this.groupRng = p.groups.map((g) => (g.hazard > 0 ? new Rng() : null));
    this.pcRng = p.priceChanges.map((pc) => (pc.hazard > 0 ? new Rng() : null));
    this.pjRng = p.priceJumps.map((j) => j.keys.map(() => new Rng()));
    this.relRng = p.releases.map((rel) => rel.labs.map(() => new Rng()));
    this.swKeys = p.switchables.map((sw) => sw.key);
    this.groupKeys = p.groups.map((g) => g.key);
    this.pcKeys = p.priceChanges.map((pc) => pc.key);
    this.relKeys = p.releases.map((rel) => rel.labs.map((lab) => lab.key));
  }

  /** Re-seeds every stream for run `run`, draws its token multipliers and resets the state. */
  startRun(run: number): void {
    const p = this.p;
    const { multKeys, multMedian, multSigma } = p;
    for (let k = 0; k < this.mult.length; k++) {
      const key = multKeys[k];
      const median = multMedian[k] ?? 1;
      this.mult[k] = key
        ? median * fastExp((multSigma[k] ?? 0) * sampleNormal(reseed(this.scratch, key, run), 0, 1))
        : median;
    }
    // Tokens and base price of one attempt depend on the run's multipliers only.
    const { W, tokIn, tokOut, inputWeight, priceIn, priceOut } = p;
    for (let k = 0; k < this.mult.length; k++) {
      const o = (k / W) | 0;
      const w = k - o * W;
      const m = this.mult[k] ?? 1;
      this.tokPerAttempt[k] = (tokIn[w] ?? 0) * (inputWeight[o] ?? 1) + (tokOut[w] ?? 0) * m;
      this.basePerAttempt[k] =
        ((tokIn[w] ?? 0) * (priceIn[o] ?? 0) + (tokOut[w] ?? 0) * m * (priceOut[o] ?? 0)) / 1e6;
    }
    reseedAll(p.outKeys, this.outRng, run);
    reseedAll(p.ovKeys, this.ovRng, run);
    reseedAll(this.swKeys, this.swRng, run);
    reseedAll(this.groupKeys, this.groupRng, run);
    reseedAll(this.pcKeys, this.pcRng, run);
    p.priceJumps.forEach((j, i) => reseedAll(j.keys, this.pjRng[i] ?? [], run));
    this.relKeys.forEach((keys, i) => reseedAll(keys, this.relRng[i] ?? [], run));
    this.swActive.fill(0);
    const { lane, lanes } = this;
    const { banCount, prevDownFrac } = this.out;
    for (let i = 0; i < p.O * p.R; i++) banCount[i * lanes + lane] = 0;
    for (let o = 0; o < p.O; o++) prevDownFrac[o * lanes + lane] = 0;
    this.changeFactor.fill(1);
    this.changeFired.fill(0);
    this.jumpFactor.fill(1);
    this.resetFactor.fill(1);
    this.qualityBonus.fill(0);
    this.qualityDirty.fill(1);
  }

  /** Samples month `t` and prices one task on each offer in use. */
  step(t: number, events: Events): void {
    this.shocks(t, events);
    this.priceChanges(t, events);
    this.priceJumps(t, events);
    this.releases(t, events);
    this.outages(t, events);
    this.economics(t);
  }

  /**
   * Common shocks (one draw per group and month), then bans and capacity cuts: a hazard draw
   * each month while inactive and a duration draw on firing. Ban counts change only when a
   * shock starts or ends; capacity factors are recomputed then, multiplying the active cuts in
   * shock order.
   */
  private shocks(t: number, events: Events): void {
    const { p, swActive, swEnd, groupFired, swRng, lane, lanes } = this;
    const banCount = this.out.banCount;
    const { O, R } = p;
    for (let g = 0; g < groupFired.length; g++) {
      const rng = this.groupRng[g];
      groupFired[g] = rng && uniform(rng) < (p.groups[g]?.hazard ?? 0) ? 1 : 0;
    }
    let cutsChanged = t === 0;
    let bansChanged = false;
    const K = swActive.length;
    for (let k = 0; k < K; k++) {
      const sw = p.switchables[k];
      if (!sw) continue;
      const rng = swRng[k] ?? null;
      if (swActive[k] === 1 && t >= (swEnd[k] ?? NEVER)) {
        swActive[k] = 0;
        if (sw.kind === 'ban') {
          addMask(banCount, sw.mask, -1, lanes, lane);
          bansChanged = true;
        } else cutsChanged = true;
        events?.push({
          month: t,
          kind: sw.kind === 'ban' ? 'banEnd' : 'capacityCutEnd',
          shockId: sw.id,
          detail: `${sw.id} lifted`,
        });
      }
      if (swActive[k] === 0) {
        let fire = sw.atMonth === t;
        if (sw.hazard > 0 && rng && uniform(rng) < sw.hazard) fire = true;
        if (sw.group >= 0 && groupFired[sw.group] === 1) fire = true;
        if (fire) {
          swActive[k] = 1;
          if (sw.kind === 'ban') {
            addMask(banCount, sw.mask, 1, lanes, lane);
            bansChanged = true;
          } else cutsChanged = true;
          const months = durationMonths(sw.duration, rng);
          swEnd[k] = months >= NEVER ? NEVER : t + months;
          events?.push({
            month: t,
            kind: sw.kind === 'ban' ? 'banStart' : 'capacityCutStart',
            shockId: sw.id,
            detail: `${sw.id} ${months >= NEVER ? 'for good' : `for ${months} month${months === 1 ? '' : 's'}`}`,
          });
        }
      }
    }
    if (cutsChanged) {
      const capFactor = this.out.capFactor;
      for (let o = 0; o < O; o++) capFactor[o * lanes + lane] = 1;
      for (let k = 0; k < K; k++) {
        const sw = p.switchables[k];
        if (!sw || sw.kind === 'ban' || swActive[k] !== 1) continue;
        const mask = sw.mask;
        for (let o = 0; o < O; o++) {
          let hit = 0;
          for (let r = 0; r < R; r++) hit |= mask[o * R + r] ?? 0;
          const i = o * lanes + lane;
          if (hit) capFactor[i] = (capFactor[i] ?? 1) * sw.capacityFactor;
        }
      }
    }
    // The ready table changes only when a ban starts or ends or a self-host lead time ends.
    const changed = bansChanged || t === 0 || this.leadTimeEnds[t] === 1;
    this.out.readyChanged[lane] = changed ? 1 : 0;
    if (changed) {
      const { leadTime } = p;
      const ready = this.out.ready;
      for (let o = 0; o < O; o++) {
        const isReady = t >= (leadTime[o] ?? 0);
        for (let r = 0; r < R; r++) {
          const i = (o * R + r) * lanes + lane;
          ready[i] = isReady && banCount[i] === 0 ? 1 : 0;
        }
      }
    }
  }

  /** One-off price changes, at a month or by hazard. */
  private priceChanges(t: number, events: Events): void {
    const { p, changeFired, changeFactor } = this;
    for (let i = 0; i < p.priceChanges.length; i++) {
      const pc = p.priceChanges[i];
      if (!pc || changeFired[i] === 1) continue;
      const rng = this.pcRng[i];
      if (pc.atMonth === t || (rng && uniform(rng) < pc.hazard)) {
        changeFired[i] = 1;
        for (let q = 0; q < pc.offers.length; q++) {
          const o = pc.offers[q] ?? 0;
          changeFactor[o] = (changeFactor[o] ?? 1) * pc.factor;
        }
        events?.push({
          month: t,
          kind: 'priceChange',
          shockId: pc.id,
          detail: `${pc.id}: prices x${pc.factor}`,
        });
      }
    }
  }

  /** Random price jumps: Poisson(nu) per offer and month, log-size ~ Normal(m, s). */
  private priceJumps(t: number, events: Events): void {
    const { p, jumpFactor } = this;
    for (let i = 0; i < p.priceJumps.length; i++) {
      const j = p.priceJumps[i];
      const streams = this.pjRng[i];
      if (!j || !streams) continue;
      for (let q = 0; q < j.offers.length; q++) {
        const rng = streams[q];
        const o = j.offers[q] ?? 0;
        if (!rng) continue;
        const n = j.table ? samplePoissonTable(rng, j.table) : samplePoisson(rng, j.rate);
        for (let e = 0; e < n; e++) {
          const factor = fastExp(sampleNormal(rng, j.logMean, j.logSd));
          jumpFactor[o] = (jumpFactor[o] ?? 1) * factor;
          events?.push({
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

  /** Capability releases, one stream per lab: quality steps, and an optional price reset. */
  private releases(t: number, events: Events): void {
    const { p, qualityDirty, qualityBonus, resetFactor, jumpFactor, changeFactor } = this;
    for (let i = 0; i < p.releases.length; i++) {
      const rel = p.releases[i];
      const streams = this.relRng[i];
      if (!rel || !streams) continue;
      for (let q = 0; q < rel.labs.length; q++) {
        const rng = streams[q];
        const lab = rel.labs[q];
        if (!rng || !lab) continue;
        let n: number;
        if (rel.atMonth >= 0) n = rel.atMonth === t ? 1 : 0;
        else if (rel.hazard > 0) n = uniform(rng) < rel.hazard ? 1 : 0;
        else n = rel.table ? samplePoissonTable(rng, rel.table) : samplePoisson(rng, rel.rate);
        for (let e = 0; e < n; e++) {
          const step = sampleNormal(rng, rel.stepMean, rel.stepSd);
          for (let li = 0; li < lab.offers.length; li++) {
            const o = lab.offers[li] ?? 0;
            qualityDirty[o] = 1;
            qualityBonus[o] = (qualityBonus[o] ?? 0) + step;
            if (rel.priceReset > 0) {
              resetFactor[o] = rel.priceReset;
              jumpFactor[o] = 1;
              changeFactor[o] = 1;
            }
          }
          events?.push({
            month: t,
            kind: 'release',
            shockId: rel.id,
            detail: `${lab.lab} release: quality ${step >= 0 ? '+' : ''}${step.toFixed(1)} points`,
          });
        }
      }
    }
  }

  /**
   * Outages: N ~ Poisson(lambda) (lambda ~ Gamma when clustered), durations LogNormal(mu, sigma),
   * times severity; plus overload episodes. Down hours are capped at the month's hours.
   */
  private outages(t: number, events: Events): void {
    const p = this.p;
    const { outRate, outMu, outSigma, outSeverity, outShape, ovRate, ovMu, ovSigma, ovSeverity } =
      p;
    const { downHours, downFrac } = this.out;
    const { lane, lanes } = this;
    for (let o = 0; o < p.O; o++) {
      let hours = 0;
      let incidents = 0;
      const rng = this.outRng[o];
      if (rng) {
        const table = p.outPoisson[o];
        const mu = outMu[o] ?? 0;
        const sigma = outSigma[o] ?? 0;
        if (table && !events) hours = outageHours(rng, table, mu, sigma);
        else {
          const shape = outShape[o] ?? 0;
          const rate = outRate[o] ?? 0;
          incidents = table
            ? samplePoissonTable(rng, table)
            : samplePoisson(rng, shape > 0 ? sampleGamma(rng, shape, rate / shape) : rate);
          for (let e = 0; e < incidents; e++) hours += sampleLogNormal(rng, mu, sigma);
        }
        hours *= outSeverity[o] ?? 1;
      }
      let overloadHours = 0;
      const orng = this.ovRng[o];
      if (orng) {
        const table = p.ovPoisson[o];
        const episodes = table
          ? samplePoissonTable(orng, table)
          : samplePoisson(orng, ovRate[o] ?? 0);
        for (let e = 0; e < episodes; e++)
          overloadHours += sampleLogNormal(orng, ovMu[o] ?? 0, ovSigma[o] ?? 0);
        overloadHours *= ovSeverity[o] ?? 0;
        if (events && episodes > 0) {
          events.push({
            month: t,
            kind: 'overload',
            offerId: p.offerIds[o],
            detail: `${p.offerNames[o]} overloaded ${overloadHours.toFixed(1)} capacity-hours`,
          });
        }
      }
      const total = Math.min(HOURS_PER_MONTH, hours + overloadHours);
      downHours[o * lanes + lane] = total;
      downFrac[o * lanes + lane] = total / HOURS_PER_MONTH;
      if (events && incidents > 0) {
        events.push({
          month: t,
          kind: 'outage',
          offerId: p.offerIds[o],
          detail: `${p.offerNames[o]}: ${incidents} incident${incidents === 1 ? '' : 's'}, ${hours.toFixed(1)} h down`,
        });
      }
    }
  }

  /**
   * Economics of one task on each offer in use this month (MODEL.md section 5). Success rates
   * and token use change only with quality (releases), so they are recomputed only then.
   */
  private economics(t: number): void {
    const p = this.p;
    const { W, H, liveOffers } = p;
    const pathFactor = p.pathFactor;
    const {
      changeFactor,
      jumpFactor,
      resetFactor,
      basePerAttempt,
      attemptsPerTask,
      succPerAttempt,
      lane,
      lanes,
    } = this;
    const { costPerTask, cpst } = this.out;
    const anyAdaptive = this.anyAdaptive;
    for (let u = 0; u < liveOffers.length; u++) {
      const o = liveOffers[u] ?? 0;
      if (this.qualityDirty[o] === 1) this.taskOdds(o);
      const f =
        (pathFactor[o * H + t] ?? 1) *
        (changeFactor[o] ?? 1) *
        (jumpFactor[o] ?? 1) *
        (resetFactor[o] ?? 1);
      for (let w = 0; w < W; w++) {
        const k = o * W + w;
        const perAttempt = (basePerAttempt[k] ?? 0) * f;
        costPerTask[k * lanes + lane] = (attemptsPerTask[k] ?? 1) * perAttempt;
        if (anyAdaptive) cpst[k * lanes + lane] = perAttempt / (succPerAttempt[k] ?? 1);
      }
    }
  }

  /** P(success), attempts and tokens of one task on offer `o` from its current quality. */
  private taskOdds(o: number): void {
    const p = this.p;
    const { W, qualityBase, difficulty, slope, retries } = p;
    this.qualityDirty[o] = 0;
    for (let w = 0; w < W; w++) {
      const k = o * W + w;
      // Inline taskEconomics (no allocation): p, P(success) = 1 - (1-p)^(r+1), attempts = P / p.
      const q = (qualityBase[k] ?? 0) + (this.qualityBonus[o] ?? 0);
      const pa = Math.max(1e-12, 1 / (1 + fastExp(-(q - (difficulty[w] ?? 0)) / (slope[w] ?? 1))));
      let fail = 1;
      for (let a = 0; a <= (retries[w] ?? 0); a++) fail *= 1 - pa;
      const ps = 1 - fail;
      const attempts = ps / pa;
      this.attemptsPerTask[k] = attempts;
      this.out.succPerTask[k * this.lanes + this.lane] = ps;
      this.succPerAttempt[k] = pa;
      this.out.tokPerTask[k * this.lanes + this.lane] =
        (attempts * (this.tokPerAttempt[k] ?? 0)) / 1e6;
    }
  }
}

function reseedAll(keys: readonly StreamKey[], rngs: readonly (Rng | null)[], run: number): void {
  for (let i = 0; i < rngs.length; i++) {
    const rng = rngs[i];
    const key = keys[i];
    if (rng && key) reseed(rng, key, run);
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
