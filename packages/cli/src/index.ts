export { runCli } from './cli.js';
export type { Io } from './io.js';
export { summaryCsv, monthlyCsv, monthlyPathFor } from './csv.js';
export { simulateInThreads, shardRanges } from './threads.js';
export { locateJsonError } from './json-position.js';
