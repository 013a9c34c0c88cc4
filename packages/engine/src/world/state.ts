/**
 * What the processes of a block of worlds write and the strategies read (docs/model.md 4), one
 * lane per run: `[offer][region][lane]` is `(o * R + r) * lanes + b`, `[offer][lane]` is
 * `o * lanes + b`, `[offer][workload][lane]` is `(o * W + w) * lanes + b`.
 * @example
 * const state = new WorldState({ O: 2, W: 1, R: 1, H: 12 }, Int32Array.of(0, 3), false, false, 64);
 */
export class WorldState {
  readonly lanes: number;
  /** 1 where an offer can serve in a region this month: lead time passed, not banned or retired */
  readonly ready: Uint8Array;
  /**
   * 1 where an offer also takes new load: ready and not in a retirement notice. The same array
   * as `ready` when no process gives notice.
   */
  readonly open: Uint8Array;
  /** 1 in the lanes whose `ready` or `open` table changes this month (always in month 0) */
  readonly readyChanged: Uint8Array;
  /** bans and retirements in force on each (offer, region): a migration off them is forced */
  readonly blockCount: Uint8Array;
  /** retirement notices in force on each (offer, region), or null without retirements */
  readonly noticeCount: Uint8Array | null;
  /** capacity multiplier of each offer with a token cap, from the active capacity cuts */
  readonly capFactor: Float64Array;
  /**
   * share of each (offer, region)'s availability left by the active capacity cuts, for offers
   * without a token cap (1 elsewhere): a cut there works like down time (docs/model.md 4.3)
   */
  readonly cutAvail: Float64Array;
  /** whether any capacity cut can hit an offer without a cap (else `cutAvail` stays 1) */
  readonly cutsAvailability: boolean;
  /** outage and overload hours this month, and as a share of the month; last month's share */
  readonly downHours: Float64Array;
  readonly downFrac: Float64Array;
  readonly prevDownFrac: Float64Array;
  /** the run's token-use multiplier of each (offer, workload) */
  readonly mult: Float64Array;
  /** price factors of each offer from price changes, jumps and release resets (4.6) */
  readonly changeFactor: Float64Array;
  readonly jumpFactor: Float64Array;
  readonly resetFactor: Float64Array;
  /** quality added by releases, and 1 where it changed since the task economics were computed */
  readonly qualityBonus: Float64Array;
  readonly qualityDirty: Uint8Array;

  private readonly O: number;
  private readonly R: number;
  private readonly leadTime: Int32Array;
  /** 1 in the months where some offer's self-hosting lead time ends */
  private readonly leadTimeEnds: Uint8Array;

  constructor(
    dims: { O: number; W: number; R: number; H: number },
    leadTime: Int32Array,
    notices: boolean,
    cutsAvailability: boolean,
    lanes: number,
  ) {
    const { O, W, R, H } = dims;
    const L = lanes;
    this.lanes = L;
    this.O = O;
    this.R = R;
    this.leadTime = leadTime;
    this.ready = new Uint8Array(O * R * L);
    this.open = notices ? new Uint8Array(O * R * L) : this.ready;
    this.readyChanged = new Uint8Array(L);
    this.blockCount = new Uint8Array(O * R * L);
    this.noticeCount = notices ? new Uint8Array(O * R * L) : null;
    this.capFactor = new Float64Array(O * L);
    this.cutAvail = new Float64Array(O * R * L).fill(1);
    this.cutsAvailability = cutsAvailability;
    this.downHours = new Float64Array(O * L);
    this.downFrac = new Float64Array(O * L);
    this.prevDownFrac = new Float64Array(O * L);
    this.mult = new Float64Array(O * W * L);
    this.changeFactor = new Float64Array(O * L);
    this.jumpFactor = new Float64Array(O * L);
    this.resetFactor = new Float64Array(O * L);
    this.qualityBonus = new Float64Array(O * L);
    this.qualityDirty = new Uint8Array(O * L);
    this.leadTimeEnds = new Uint8Array(H + 1);
    for (const months of leadTime) if (months <= H) this.leadTimeEnds[months] = 1;
  }

  /** The state before month 0 of a new block: nothing in force, prices at their base. */
  startBlock(): void {
    this.blockCount.fill(0);
    this.noticeCount?.fill(0);
    this.changeFactor.fill(1);
    this.jumpFactor.fill(1);
    this.resetFactor.fill(1);
    this.qualityBonus.fill(0);
    this.qualityDirty.fill(1);
    this.prevDownFrac.fill(0);
  }

  /** Month t begins: readiness is rebuilt in month 0 and where a lead time ends. */
  beginMonth(t: number): void {
    this.readyChanged.fill(t === 0 || this.leadTimeEnds[t] === 1 ? 1 : 0);
  }

  /** After the processes of month t: the ready (and open) tables of the lanes that changed. */
  refreshReadiness(t: number, n: number): void {
    const { O, R, lanes: L, leadTime, ready, open, blockCount, noticeCount, readyChanged } = this;
    for (let b = 0; b < n; b++) {
      if (readyChanged[b] !== 1) continue;
      for (let o = 0; o < O; o++) {
        const isReady = t >= (leadTime[o] ?? 0);
        for (let r = 0; r < R; r++) {
          const i = (o * R + r) * L + b;
          ready[i] = isReady && blockCount[i] === 0 ? 1 : 0;
          if (noticeCount) open[i] = ready[i] === 1 && noticeCount[i] === 0 ? 1 : 0;
        }
      }
    }
  }

  /** After every strategy has read month t: this month's downtime becomes last month's. */
  endMonth(): void {
    this.prevDownFrac.set(this.downFrac);
  }
}

/** A set of (offer, region) cells starts (sign 1) or stops (-1) counting in one lane. @example addMask(state.blockCount, mask, 1, 64, 0) */
export function addMask(
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
