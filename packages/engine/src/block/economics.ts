import type { Prepared } from '../compile/prepare.js';
import { fastExp } from '../exp.js';
import type { WorldState } from '../world/state.js';

/**
 * What one task costs and yields on each offer in each run (docs/model.md section 5), from the
 * world state: the month's price factor, and success rates, token use and list costs, which
 * change only with quality (releases) and are recomputed only then. Layouts as `WorldState`.
 * @example
 * const eco = new TaskEconomics(prepared, state);
 * eco.startBlock(64); eco.step(0, 64); eco.listCostPerTask[(o * W + w) * 64 + b];
 */
export class TaskEconomics {
  /** USD of one task at list prices (the month's price factor still to apply), `[offer][workload][lane]` */
  readonly listCostPerTask: Float64Array;
  /** million tokens of one task against a token cap */
  readonly tokPerTask: Float64Array;
  /** P(success) of one task with its retries */
  readonly succPerTask: Float64Array;
  /** this month's multiplier of each offer's list prices (path, changes, jumps, resets), `[offer][lane]` */
  readonly priceFactor: Float64Array;
  /** cost per successful task (adaptive strategies' utility); filled only if one is adaptive */
  readonly cpst: Float64Array;

  private readonly p: Prepared;
  private readonly world: WorldState;
  private readonly succPerAttempt: Float64Array;
  /** USD of one attempt at list prices, with the run's token multiplier */
  private readonly basePerAttempt: Float64Array;
  /** million tokens of one attempt (input weighted, output times the run's multiplier) */
  private readonly tokPerAttempt: Float64Array;
  /** the lanes whose task economics `taskOdds` recomputes */
  private readonly dirtyLanes: Int32Array;
  private readonly anyAdaptive: boolean;

  constructor(p: Prepared, world: WorldState) {
    const L = world.lanes;
    const { O, W } = p;
    this.p = p;
    this.world = world;
    this.listCostPerTask = new Float64Array(O * W * L);
    this.tokPerTask = new Float64Array(O * W * L);
    this.succPerTask = new Float64Array(O * W * L);
    this.cpst = new Float64Array(O * W * L);
    this.priceFactor = new Float64Array(O * L);
    this.succPerAttempt = new Float64Array(O * W * L);
    this.basePerAttempt = new Float64Array(O * W * L);
    this.tokPerAttempt = new Float64Array(O * W * L);
    this.dirtyLanes = new Int32Array(L);
    this.anyAdaptive = p.strategies.some((cs) => cs.adaptive);
  }

  /** The tokens and list price of one attempt, from the token multipliers the block drew (5.1). */
  startBlock(n: number): void {
    const { p } = this;
    const L = this.world.lanes;
    const { O, W, tokIn, tokOut, inputWeight, priceIn, priceOut } = p;
    const { mult } = this.world;
    for (let k = 0; k < O * W; k++) {
      const o = (k / W) | 0;
      const w = k - o * W;
      for (let b = 0; b < n; b++) {
        const i = k * L + b;
        const m = mult[i] ?? 1;
        this.tokPerAttempt[i] =
          ((tokIn[w] ?? 0) * (inputWeight[o] ?? 1) + (tokOut[w] ?? 0) * m) / 1e6;
        this.basePerAttempt[i] =
          ((tokIn[w] ?? 0) * (priceIn[o] ?? 0) + (tokOut[w] ?? 0) * m * (priceOut[o] ?? 0)) / 1e6;
      }
    }
  }

  /**
   * This month's price factor of each offer in use (4.6), and the cost per successful task if a
   * strategy is adaptive (6.4).
   */
  step(t: number, n: number): void {
    const { p } = this;
    const L = this.world.lanes;
    const { changeFactor, jumpFactor, resetFactor, qualityDirty } = this.world;
    const { W, H, liveOffers } = p;
    const pathFactor = p.processes.pricePath.factor;
    const { basePerAttempt, succPerAttempt, cpst, dirtyLanes, priceFactor } = this;
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
   * quality (5.2, 5.3), in the first `count` lanes of `dirtyLanes`.
   */
  private taskOdds(o: number, count: number): void {
    const { p, dirtyLanes } = this;
    const L = this.world.lanes;
    const { qualityBonus, qualityDirty } = this.world;
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
