/**
 * Random numbers (docs/model.md 2 and 4.10), by responsibility: the generator, stream keys,
 * samplers of one draw at a time, and kernels that run a sampler over a block of lanes.
 */
export * from './generator.js';
export * from './streams.js';
export * from './samplers.js';
export * from './kernels.js';
