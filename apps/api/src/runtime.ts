import { presets } from '@crosswind/presets';
import type { Config } from './config.js';
import type { AppDeps } from './context.js';
import { isDatabaseError } from './db/errors.js';
import { openRepository } from './db/open.js';
import type { ScenarioRepository } from './db/repository.js';
import { createPresetCatalog } from './presets.js';
import { createSimulationPool } from './sim/pool.js';
import { createSimulator } from './sim/simulator.js';

export interface Runtime extends AppDeps {
  close(): Promise<void>;
}

/**
 * Opens the database (running migrations), starts the worker pool and loads the presets.
 * `repo` may be given (tests pass their own); otherwise it comes from the config.
 */
export async function createRuntime(
  config: Config,
  opts: { repo?: ScenarioRepository; workerFile?: string } = {},
): Promise<Runtime> {
  const presetCatalog = createPresetCatalog(presets);
  const repo = opts.repo ?? (await openRepository(config));
  // Started on a full disk: reads work, saves fail with a clear message; say so at once.
  const readOnly = await repo.readOnlyReason();
  if (readOnly !== undefined && config.logLevel !== 'silent')
    process.stderr.write(`WARNING: saves are disabled: ${readOnly}\n`);
  let pool;
  try {
    pool = createSimulationPool({
      threads: config.sim.threads,
      ...(opts.workerFile !== undefined ? { workerFile: opts.workerFile } : {}),
    });
  } catch (e) {
    await repo.close();
    throw e;
  }
  // Jobs cut short by a shutdown fail with "Terminating worker thread": expected, not logged.
  let closing = false;
  const simulator = createSimulator({
    pool,
    repo,
    limits: config.limits,
    concurrency: config.sim.concurrency,
    queueSize: config.sim.queueSize,
    perClientRunning: config.sim.perClientRunning,
    perClientQueued: config.sim.perClientQueued,
    timeoutMs: config.sim.timeoutMs,
    cacheResults: config.sim.cacheEntries > 0,
    pruneCache: () => repo.pruneResults(config.sim.cacheEntries),
    resultMemoryBytes: config.sim.resultMemoryBytes,
    onInternalError: (error) => {
      if (config.logLevel === 'silent' || closing) return;
      if (isDatabaseError(error)) {
        process.stderr.write(`simulation: ${error.message}\n`);
        return;
      }
      const message = error instanceof Error ? (error.stack ?? error.message) : 'unknown error';
      process.stderr.write(`simulation: ${message}\n`);
    },
  });
  return {
    config,
    repo,
    simulator,
    presets: presetCatalog,
    async close() {
      closing = true;
      await simulator.close();
      await repo.close();
    },
  };
}
