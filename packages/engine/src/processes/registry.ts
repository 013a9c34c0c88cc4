import type { CompileContext, Dimensions, ProcessLanes, ProcessModule } from '../world/process.js';
import type { WorldState } from '../world/state.js';
import { bansAndCuts } from './bans-and-cuts.js';
import { demand } from './demand.js';
import { outages } from './outages.js';
import { priceChanges } from './price-changes.js';
import { priceJumps } from './price-jumps.js';
import { pricePath } from './price-path.js';
import { releases } from './releases.js';
import { retirements } from './retirements.js';
import { tokenMultipliers } from './token-multipliers.js';

/**
 * Every process of the world, in the order a month runs them (docs/model.md section 4): the
 * one place a new process is listed. Deterministic ones (price paths, demand) only compile.
 */
export const PROCESSES = {
  pricePath,
  demand,
  tokenMultipliers,
  bansAndCuts,
  retirements,
  priceChanges,
  priceJumps,
  releases,
  outages,
} as const;

type Registry = typeof PROCESSES;
type CompiledOf<M> = M extends ProcessModule<infer C> ? C : never;

/** What each process compiled from the scenario, by name. */
export type CompiledProcesses = { [K in keyof Registry]: CompiledOf<Registry[K]> };

/** Compiles every process, in registry order. @example compileProcesses(ctx).outages.rate */
export function compileProcesses(ctx: CompileContext): CompiledProcesses {
  const out: Partial<Record<keyof Registry, unknown>> = {};
  for (const name of Object.keys(PROCESSES) as (keyof Registry)[])
    out[name] = (PROCESSES[name] as ProcessModule<unknown>).compile(ctx);
  return out as CompiledProcesses;
}

/** Every process's lanes over one world state, in registry order. @example processLanes(compiled, p, state) */
export function processLanes(
  compiled: CompiledProcesses,
  dims: Dimensions,
  world: WorldState,
): ProcessLanes[] {
  return (Object.keys(PROCESSES) as (keyof Registry)[]).map((name) =>
    (PROCESSES[name] as ProcessModule<unknown>).lanes(compiled[name], dims, world),
  );
}
