export type { AppRouter, RouterInputs, RouterOutputs } from './router/root.js';
export type { AppDeps } from './context.js';
export type { Config } from './config.js';
export type { ApiErrorBody } from './errors.js';
export type { JobEvent, JobStatus } from './sim/simulator.js';
export type { AppCaller, ServerCallerFactory } from './server-caller.js';
export { buildApp } from './app.js';
export { loadConfig, testConfig } from './config.js';
