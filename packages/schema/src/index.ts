// First: it configures zod before any schema below is built (see no-eval.ts).
export * from './no-eval.js';
export * from './scenario.js';
export * from './result.js';
export * from './scope.js';
export * from './validate.js';
export * from './json-schema.js';
export * from './migrate.js';
export * from './csv.js';
export * from './wire.js';
