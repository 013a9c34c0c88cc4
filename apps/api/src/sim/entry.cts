/**
 * The file piscina loads in each worker thread: CommonJS on purpose. piscina `require()`s its
 * worker file, and on Node 20.19+ that is `require()` of an ES module (`worker.js`), which once
 * aborted the whole test process in CI ("FATAL ERROR: v8::Module::IsGraphAsync must be used on
 * an instantiated module", from piscina's require): Node's require(esm) cannot handle a module
 * that is not yet instantiated, as when workers start, load and are terminated (time limit) at
 * once. Here the ES module is loaded with `import()` only; the import starts at worker
 * start-up, so the engine is warm before the first task arrives.
 */
import type { ShardResult, ShardTask, SummarizeTask } from './worker.js' with {
  'resolution-mode': 'import',
};

interface WorkerModule {
  default: (task: ShardTask) => ShardResult | object;
  summarize: (task: SummarizeTask) => object;
}

const loaded: Promise<WorkerModule> = import('./worker.js');
// A load failure surfaces on the first task; do not also crash the worker as unhandled.
loaded.catch(() => undefined);

async function runShard(task: ShardTask): Promise<ShardResult | object> {
  return (await loaded).default(task);
}

async function summarize(task: SummarizeTask): Promise<object> {
  return (await loaded).summarize(task);
}

// piscina looks a task's handler up by name on the module ('default' or 'summarize');
// `__esModule` makes its interop return this object as it is.
export = { __esModule: true, default: runShard, summarize };
