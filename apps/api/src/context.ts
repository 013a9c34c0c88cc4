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
  /**
   * Who is asking, for per-client limits: the client's IP address (behind a trusted proxy,
   * `TRUST_PROXY=true`, the forwarded one). In-process callers name themselves.
   */
  clientId: string;
}

export interface RequestInfo {
  signal?: AbortSignal | undefined;
  clientId?: string | undefined;
}

/** The request-independent part of the context; tests can call procedures with it directly. */
export function createContextInner(deps: AppDeps, info: RequestInfo = {}): Context {
  return { ...deps, signal: info.signal, clientId: info.clientId ?? 'in-process' };
}
