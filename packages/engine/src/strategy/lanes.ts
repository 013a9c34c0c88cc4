import type { Prepared } from '../compile/prepare.js';
import {
  groupPortions,
  initialShares,
  maxCands,
  type CompiledStrategy,
  type PortionGroup,
} from '../compile/strategies.js';
import type { WorldBlock } from '../block/world-block.js';

/**
 * The per-run state of one strategy over a block of lanes, which the routing of `rule.ts`,
 * `adaptive.ts` and `serve.ts` reads and writes: every per-run number is a `[row][lane]` array.
 * Allocated once, reused block after block; nothing is allocated per month.
 * @example const lanes = new StrategyLanes(prepared, prepared.strategies[0], world);
 */
export class StrategyLanes {
  readonly p: Prepared;
  readonly cs: CompiledStrategy;
  readonly world: WorldBlock;
  readonly L: number;
  /** rule: the offer each portion sat on last month (-1: none), `[portion][lane]` */
  readonly prevAssigned: Int32Array;
  /**
   * rule: the last offer that served each portion (-1: none yet), `[portion][lane]`; a portion
   * pays its switching cost when it lands on another offer than this one (docs/model.md 6.3)
   */
  readonly lastServed: Int32Array;
  /** adaptive: the share of each candidate of each cell, `[candidate][lane]` */
  readonly shares: Float64Array;
  /** adaptive: the shares of the last month the cell was served, `[candidate][lane]` (6.5) */
  readonly lastShares: Float64Array;
  /** adaptive: the shares before month 0, each on the first ready offer of its chain */
  readonly initialShares: Float64Array;
  /** adaptive: one cell's utilities, then softmax weights, by candidate */
  readonly target: Float64Array;
  /** how many portions (or candidate shares) sat on each offer last month and this month */
  readonly prevCount: Int32Array;
  readonly newCount: Int32Array;
  /** capacity left this month, million tokens, `[offer][lane]` */
  readonly remaining: Float64Array;
  /** tasks served this month, `[offer x W + workload][lane]`: the walks add only these */
  readonly servedTasks: Float64Array;
  /** rule: groups of portions with the same uncapped chain of one or two offers in a region */
  readonly groups: PortionGroup[];
  /** rule: each portion's group (-1: walked alone), workload and tasks this month */
  readonly groupOf: Int32Array;
  readonly portionWorkload: Int32Array;
  readonly portionTasks: Float64Array;
  /** the runs whose ready table changed this month, for `reassign` */
  readonly changedLanes: Int32Array;
  /** the share of a grouped portion's tasks its chain's first and second offer take, per run */
  readonly share1: Float64Array;
  readonly share2: Float64Array;
  /** per run: tasks left to place on a chain, and the offer they sit on (it takes load under a notice) */
  readonly left: Float64Array;
  readonly own: Int32Array;
  /** this month's per-run sums: unserved, downtime, forced migrations, switching */
  readonly unserved: Float64Array;
  readonly downWeighted: Float64Array;
  readonly forced: Float64Array;
  readonly switching: Float64Array;

  constructor(p: Prepared, cs: CompiledStrategy, world: WorldBlock) {
    const { O, W } = p;
    const L = world.lanes;
    const f64 = (n: number) => new Float64Array(n * L);
    this.p = p;
    this.cs = cs;
    this.world = world;
    this.L = L;
    this.prevAssigned = new Int32Array(cs.portionWeight.length * L);
    this.lastServed = new Int32Array(cs.portionWeight.length * L);
    this.shares = f64(cs.candOffers.length);
    this.lastShares = f64(cs.candOffers.length);
    this.initialShares = initialShares(p, cs);
    this.target = new Float64Array(Math.max(1, maxCands(cs.candStart)));
    this.prevCount = new Int32Array(O * L);
    this.newCount = new Int32Array(O * L);
    this.remaining = f64(O);
    this.servedTasks = f64(O * W);
    const rules = groupPortions(p, cs);
    this.groups = rules.groups;
    this.groupOf = rules.groupOf;
    this.portionWorkload = rules.workload;
    this.portionTasks = new Float64Array(cs.portionWeight.length);
    this.changedLanes = new Int32Array(L);
    this.share1 = f64(1);
    this.share2 = f64(1);
    this.left = f64(1);
    this.own = new Int32Array(L);
    this.unserved = f64(1);
    this.downWeighted = f64(1);
    this.forced = f64(1);
    this.switching = f64(1);
  }
}
