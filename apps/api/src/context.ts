import type { Config } from './config.js';
import type { ScenarioRepository } from './db/repository.js';
import type { PresetCatalog } from './presets.js';
import type { Simulator } from './sim/simulator.js';

/** Everything the procedures need, passed in (tests build it with their own parts). */
export interface AppDeps {
  config: Config;
  repo: ScenarioRepository;
  simulator: Simulator;
  presets: PresetCatalog;
}

export interface Context extends AppDeps {
  /** aborted when the client goes away */
  signal: AbortSignal | undefined;
}

/** The request-independent part of the context; tests can call procedures with it directly. */
export function createContextInner(deps: AppDeps, signal?: AbortSignal): Context {
  return { ...deps, signal };
}
