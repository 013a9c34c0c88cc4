import seedrandom from 'seedrandom';

/**
 * Random streams. Every stream is keyed by (seed, run, process, entity), so adding an offer or a
 * strategy does not shift other draws, and a run's draws do not depend on which other runs are
 * simulated in the same call, shard or thread.
 *
 * Generator: seedrandom's `tychei` (Neves & Araujo's ChaCha-quarter-round generator, 128-bit
 * state). Chosen over the default ARC4 (about 10x slower per draw) and over `xor4096` (4.7 us
 * to seed, because it warms up a 4096-bit state): we seed tens of streams per run, and tychei
 * seeded from an integer costs about 0.2 us and about 9 ns per draw on this machine.
 */
export type Rng = () => number;

// The typings declare a string seed; tychei also takes a safe integer (its fast seeding path).
const tychei = seedrandom.tychei as unknown as (seed: number) => Rng;

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

export function streamKey(seed: number | string, process: string, entity: string): StreamKey {
  const text = `${typeof seed}:${String(seed)}|${process}|${entity}`;
  return { hi: fnv1a(text, 0x811c9dc5), lo: fnv1a(text, 0x9747b28c) };
}

/** Opens the stream of one run; costs one generator construction (about 0.2 us). */
export function openStream(key: StreamKey, run: number): Rng {
  const lo = fmix32(key.lo ^ Math.imul(run + 1, 0x9e3779b1));
  const hi = fmix32(key.hi ^ Math.imul(run + 1, 0x85ebca77) ^ (run / 0x100000000));
  // tychei takes an integer seed as (high 21 bits, low 32 bits) of a safe integer.
  const seed = (hi & 0x1fffff) * 0x100000000 + lo;
  return tychei(seed);
}

/** Uniform on (0, 1): never exactly 0, so it is safe under a logarithm. One draw. */
export function uniformOpen(rng: Rng): number {
  const u = rng();
  return u > 0 ? u : 2 ** -33;
}

/**
 * Standard normal by the Box-Muller transform, using the cosine branch only. Two draws, so the
 * number of draws never depends on values (keeps streams aligned under refactors).
 * @example sampleNormal(rng, 0, 1)
 */
export function sampleNormal(rng: Rng, mean: number, sd: number): number {
  const u1 = uniformOpen(rng);
  const u2 = rng();
  return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** LogNormal(mu, sigma): exp of a normal. Two draws. @example sampleLogNormal(rng, 0.23, 1.17) */
export function sampleLogNormal(rng: Rng, mu: number, sigma: number): number {
  return Math.exp(sampleNormal(rng, mu, sigma));
}

/**
 * Poisson(lambda). Knuth's multiplication method for lambda < 30 (draws: count + 1); above, a
 * normal approximation rounded and clamped at 0 (two draws) — rates that high are outside the
 * model's use (incidents per month are single digits).
 * @example samplePoisson(rng, 5.5)
 */
export function samplePoisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = rng();
    while (p > limit) {
      k++;
      p *= rng();
    }
    return k;
  }
  return Math.max(0, Math.round(sampleNormal(rng, lambda, Math.sqrt(lambda))));
}

/**
 * Gamma(shape k, scale theta) by Marsaglia and Tsang (2000), with the k < 1 boost
 * Gamma(k) = Gamma(k + 1) x U^(1/k). A variable number of draws (rejection sampling).
 * @example sampleGamma(rng, 2, 1.5) // mean 3
 */
export function sampleGamma(rng: Rng, shape: number, scale: number): number {
  if (shape < 1) {
    const g = sampleGamma(rng, shape + 1, 1);
    return g * Math.pow(uniformOpen(rng), 1 / shape) * scale;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = sampleNormal(rng, 0, 1);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = uniformOpen(rng);
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}
