import type { Prepared } from '../compile/prepare.js';
import { processLanes } from '../processes/registry.js';
import type { Events } from '../timeline.js';
import { TaskEconomics } from './economics.js';
import type { ProcessLanes } from '../world/process.js';
import { WorldState } from '../world/state.js';

/**
 * The sampled worlds of a block of runs, month by month, one lane per run: every process of the
 * registry over one shared `WorldState`, then what one task costs on each offer. Every strategy
 * of a run reads the same world (common random numbers). Runs are the innermost loop, so each
 * process walks the scenario's structure once per block and month. Every lane draws only from
 * its own run's streams (reusable, re-seeded in place: no allocation in the loop), in the order
 * a run alone would.
 * @example
 * const world = new WorldBlock(prepared, 64);
 * world.startBlock(0, 64);
 * for (let t = 0; t < prepared.H; t++) { world.step(t, 64, noEvents); ...; world.endMonth(); }
 */
export class WorldBlock {
  readonly lanes: number;
  readonly state: WorldState;
  readonly economics: TaskEconomics;
  private readonly processes: ProcessLanes[];

  constructor(p: Prepared, lanes: number) {
    this.lanes = lanes;
    const notices = p.processes.retirements.length > 0;
    const { list, capped } = p.processes.bansAndCuts;
    const cutsAvailability = list.some(
      (sw) =>
        sw.kind === 'capacityCut' &&
        sw.mask.some((hit, i) => hit === 1 && capped[(i / p.R) | 0] === 0),
    );
    this.state = new WorldState(p, p.leadTime, notices, cutsAvailability, lanes);
    this.processes = processLanes(p.processes, p, this.state);
    this.economics = new TaskEconomics(p, this.state);
  }

  /** Starts runs firstRun .. firstRun + n - 1 in lanes 0 .. n - 1: streams, draws once per run, state. */
  startBlock(firstRun: number, n: number): void {
    this.state.startBlock();
    for (const process of this.processes) process.startBlock(firstRun, n);
    this.economics.startBlock(n);
  }

  /** Samples month `t` in the first `n` lanes; `events[b]` collects lane b's timeline, if any. */
  step(t: number, n: number, events: readonly Events[]): void {
    this.state.beginMonth(t);
    for (const process of this.processes) process.step(t, n, events);
    this.state.refreshReadiness(t, n);
    this.economics.step(t, n);
  }

  /** After every strategy has read month `t`: this month's downtime becomes last month's. */
  endMonth(): void {
    this.state.endMonth();
  }
}
