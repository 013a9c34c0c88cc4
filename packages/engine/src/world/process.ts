import type { Scenario } from '@crosswind/schema';
import type { Events } from '../timeline.js';
import type { EngineError } from '../types.js';
import type { WorldState } from './state.js';

/**
 * The protocol every process of the world follows (docs/model.md section 4): compiled once per
 * scenario from its part of the scenario, then run over blocks of runs, one lane per run. A new
 * kind of shock is one module that implements it, listed in `processes/registry.ts`.
 */

/** The sizes and names of a compiled scenario that every process may read. */
export interface Dimensions {
  H: number;
  O: number;
  W: number;
  R: number;
  offerIds: string[];
  offerNames: string[];
}

/** What a process compiles from: the validated scenario and what is known before processes. */
export interface CompileContext extends Dimensions {
  scenario: Scenario;
  seed: number | string;
  /** 1 for the offers some strategy uses: only they are sampled (their streams are their own) */
  used: Uint8Array;
  /** each offer's token cap, million tokens a month (Infinity without one) */
  capacityMTokens: Float64Array;
  /** expected failures (a formula that does not compile), with their paths */
  errors: EngineError[];
}

/** A process running on a block of lanes: its streams and state, reused block after block. */
export interface ProcessLanes {
  /** Re-seeds the streams and resets the state of runs firstRun .. firstRun + n - 1 (lanes 0 .. n - 1). */
  startBlock(firstRun: number, n: number): void;
  /** Samples month t into the world state in the first n lanes; `events[b]` is lane b's timeline, if any. */
  step(t: number, n: number, events: readonly Events[]): void;
}

/** One process: how it compiles, and how it allocates its lanes over the shared world state. */
export interface ProcessModule<Compiled> {
  /** the process's name, as in docs/model.md */
  readonly name: string;
  compile(ctx: CompileContext): Compiled;
  lanes(compiled: Compiled, dims: Dimensions, world: WorldState): ProcessLanes;
}

/** Lanes of a process with nothing to sample (deterministic, compiled once). */
export const NO_LANES: ProcessLanes = { startBlock: () => undefined, step: () => undefined };
