// The API as `pnpm start` builds it (compiled dist, SQLite, worker pool) without the web UI,
// plus what the load benchmark reads over IPC: event-loop delay and utilization of this process.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { buildApp } from '../dist/app.js';
import { loadConfig } from '../dist/config.js';
import { createRuntime } from '../dist/runtime.js';

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
let elu = performance.eventLoopUtilization();

const config = loadConfig();
const runtime = await createRuntime(config);
const app = await buildApp(runtime);
await app.listen({ port: config.port, host: config.host });
const address = app.server.address();
process.send?.({
  type: 'listening',
  port: typeof address === 'object' && address !== null ? address.port : config.port,
});

const ms = (ns) => Math.round((ns / 1e6) * 100) / 100;
// An orphan (the benchmark died) stops at once.
process.on('disconnect', () => process.exit(0));
process.on('message', async (msg) => {
  if (msg === 'reset') {
    delay.reset();
    elu = performance.eventLoopUtilization();
    process.send?.({ type: 'reset' });
  } else if (msg === 'read') {
    const used = performance.eventLoopUtilization(elu);
    process.send?.({
      type: 'loop',
      p50Ms: ms(delay.percentile(50)),
      p99Ms: ms(delay.percentile(99)),
      maxMs: ms(delay.max),
      meanMs: ms(delay.mean),
      utilization: Math.round(used.utilization * 1000) / 1000,
    });
  } else if (msg === 'close') {
    await app.close();
    await runtime.close();
    process.exit(0);
  }
});
