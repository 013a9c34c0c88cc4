import { seedTychei, Rng } from './generator.js';

/*
 * Stream keys (docs/model.md section 2). Every stream is keyed by (seed, run, process, entity),
 * so adding an offer or a strategy does not shift other draws, and a run's draws do not depend
 * on which other runs are simulated in the same call, shard or thread.
 */

/** 32-bit FNV-1a over a string; stable across platforms. */
function fnv1a(text: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A murmur3-style finalizer: spreads every input bit over the 32-bit output. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The part of a stream key that does not depend on the run, hashed once per scenario.
 * @example
 * const key = streamKey(2026, 'outage', 'gpt-5.5');
 * const rng = openStream(key, 17); // run 17's outage stream for gpt-5.5
 */
export interface StreamKey {
  hi: number;
  lo: number;
}

/** Hashes (seed, process, entity) once per scenario. @example streamKey(2026, 'outage', 'gpt-5.5') */
export function streamKey(seed: number | string, process: string, entity: string): StreamKey {
  const text = `${typeof seed}:${String(seed)}|${process}|${entity}`;
  return { hi: fnv1a(text, 0x811c9dc5), lo: fnv1a(text, 0x9747b28c) };
}

/** The tychei seed of one run's stream: a safe integer from the key and the run index. */
export function runSeed(key: StreamKey, run: number): number {
  const lo = fmix32(key.lo ^ Math.imul(run + 1, 0x9e3779b1));
  const hi = fmix32(key.hi ^ Math.imul(run + 1, 0x85ebca77) ^ (run / 0x100000000));
  // tychei takes an integer seed as (high 21 bits, low 32 bits) of a safe integer.
  return (hi & 0x1fffff) * 0x100000000 + lo;
}

/**
 * Re-seeds `r` as run `run`'s stream of `key`, in place (no allocation).
 * @example reseed(outageRng, key, run)
 */
export function reseed(r: Rng, key: StreamKey, run: number): Rng {
  return seedTychei(r, runSeed(key, run));
}

/** Opens the stream of one run in a new `Rng`. @example uniform(openStream(key, 17)) */
export function openStream(key: StreamKey, run: number): Rng {
  return reseed(new Rng(), key, run);
}

/**
 * Re-seeds the first `n` lanes of each entity's streams, `rngs[entity x lanes + lane]`, for runs
 * firstRun + lane (null keys or streams: nothing random there, no seeding).
 * @example reseedBlock(keys, rngs, 64, 128, 64)
 */
export function reseedBlock(
  keys: readonly (StreamKey | null)[],
  rngs: readonly (Rng | null)[],
  lanes: number,
  firstRun: number,
  n: number,
): void {
  for (let e = 0; e < keys.length; e++) {
    const key = keys[e];
    if (!key) continue;
    for (let b = 0; b < n; b++) {
      const rng = rngs[e * lanes + b];
      if (rng) reseed(rng, key, firstRun + b);
    }
  }
}

/**
 * One reusable stream per lane for each entity that has something random, null for the others:
 * the layout `[entity x lanes + lane]` that `reseedBlock` seeds.
 * @example const outRng = laneStreams(offers, 64, (o) => o.rate > 0);
 */
export function laneStreams<T>(
  entities: readonly T[],
  lanes: number,
  random: (entity: T, index: number) => boolean,
): (Rng | null)[] {
  return entities.flatMap((e, i) =>
    Array.from({ length: lanes }, () => (random(e, i) ? new Rng() : null)),
  );
}
