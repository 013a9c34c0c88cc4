import { expInRange, fastExp } from './exp.js';

/**
 * Random streams. Every stream is keyed by (seed, run, process, entity), so adding an offer or a
 * strategy does not shift other draws, and a run's draws do not depend on which other runs are
 * simulated in the same call, shard or thread.
 *
 * Generator: seedrandom's `tychei` (Neves & Araujo's ChaCha-quarter-round generator, 128-bit
 * state), seeded from a safe integer. Chosen over the default ARC4 (about 10x slower per draw)
 * and over `xor4096` (4.7 us to seed, because it warms up a 4096-bit state): a run opens tens
 * of streams. The engine runs tychei's step on a reusable four-word `Rng` instead of through
 * seedrandom's closures: the numbers are seedrandom's, bit for bit (rng.test.ts checks it
 * against the library), but a draw inlines to a dozen integer operations, and re-seeding a
 * stream for the next run allocates nothing — about 4x less time per draw and no garbage.
 */
export class Rng {
  a = 0;
  b = 0;
  c = 0;
  d = 0;
}

/**
 * One step of tychei; the next signed 32-bit output, as seedrandom's `prng.int32()`.
 * @example nextInt32(openStream(streamKey(1, 'outage', 'gpt-5.5'), 0))
 */
export function nextInt32(r: Rng): number {
  let b = r.b;
  let c = r.c;
  let d = r.d;
  let a = r.a;
  b = (b << 25) ^ (b >>> 7) ^ c;
  c = (c - d) | 0;
  d = (d << 24) ^ (d >>> 8) ^ a;
  a = (a - b) | 0;
  r.b = b = (b << 20) ^ (b >>> 12) ^ c;
  r.c = c = (c - d) | 0;
  r.d = (d << 16) ^ (c >>> 16) ^ a;
  return (r.a = (a - b) | 0);
}

/** Uniform on [0, 1) with 32 random bits, as seedrandom's `prng()`. @example uniform(rng) < 0.5 */
export function uniform(r: Rng): number {
  return (nextInt32(r) >>> 0) / 0x100000000;
}

/** Seeds `r` as `seedrandom.tychei(seed)` does for a safe integer seed. @example seedTychei(new Rng(), 42) */
export function seedTychei(r: Rng, seed: number): Rng {
  // tychei's 20 warm-up steps, with the state in locals (a run re-seeds tens of streams).
  let a = (seed / 0x100000000) | 0;
  let b = seed | 0;
  let c = 2654435769 | 0;
  let d = 1367130551;
  for (let k = 0; k < 20; k++) {
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ c;
    c = (c - d) | 0;
    d = (d << 16) ^ (c >>> 16) ^ a;
    a = (a - b) | 0;
  }
  r.a = a;
  r.b = b;
  r.c = c;
  r.d = d;
  return r;
}

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

/** Uniform on (0, 1): never exactly 0, so it is safe under a logarithm. One draw. @example Math.log(uniformOpen(rng)) */
export function uniformOpen(rng: Rng): number {
  const u = uniform(rng);
  return u > 0 ? u : 2 ** -33;
}

/*
 * Standard normals by the ziggurat method of Marsaglia and Tsang (2000), 128 layers: one draw
 * for about 98.8% of samples, a few more (and a logarithm) in the wedges and the tail. It is an
 * exact rejection method, so the distribution is exactly normal; it is about 4x faster here than
 * Box-Muller, and outage durations need tens of normals per run and month.
 */
const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
const M1 = 2147483648;
const kn = new Float64Array(128);
const wn = new Float64Array(128);
const fn = new Float64Array(128);
{
  let dn = ZIG_R;
  let tn = dn;
  const q = ZIG_V / Math.exp(-0.5 * dn * dn);
  kn[0] = (dn / q) * M1;
  kn[1] = 0;
  wn[0] = q / M1;
  wn[127] = dn / M1;
  fn[0] = 1;
  fn[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(ZIG_V / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = (dn / tn) * M1;
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / M1;
  }
}
/** kn and wn interleaved, (kn[i], wn[i]) at (2i, 2i + 1): the fast path reads one array. */
const zig = new Float64Array(256);
for (let i = 0; i < 128; i++) {
  zig[2 * i] = kn[i] ?? 0;
  zig[2 * i + 1] = wn[i] ?? 0;
}

/**
 * Standard normal, N(0, 1), by the ziggurat. One draw in the common case.
 * @example standardNormal(rng)
 */
export function standardNormal(rng: Rng): number {
  const hz = nextInt32(rng);
  const layer = zig;
  const iz = (hz & 127) << 1;
  if (Math.abs(hz) < (layer[iz] ?? 0)) return hz * (layer[iz + 1] ?? 0);
  return normalSlow(rng, hz);
}

/**
 * The ziggurat's rare path (about 1.2% of samples), given the draw `hz` that missed the
 * rectangles: the wedge or tail test, then fresh draws until one is accepted.
 */
function normalSlow(rng: Rng, first: number): number {
  let hz = first;
  let iz = hz & 127;
  for (;;) {
    if (iz === 0) {
      // The tail beyond R, by Marsaglia's exponential rejection.
      let x: number;
      let y: number;
      do {
        x = -Math.log(uniformOpen(rng)) / ZIG_R;
        y = -Math.log(uniformOpen(rng));
      } while (y + y < x * x);
      return hz > 0 ? ZIG_R + x : -ZIG_R - x;
    }
    const x = hz * (wn[iz] ?? 0);
    const f0 = fn[iz] ?? 0;
    if (f0 + uniform(rng) * ((fn[iz - 1] ?? 0) - f0) < Math.exp(-0.5 * x * x)) return x;
    hz = nextInt32(rng);
    iz = hz & 127;
    if (Math.abs(hz) < (kn[iz] ?? 0)) return hz * (wn[iz] ?? 0);
  }
}

/**
 * A month of outage hours: N ~ Poisson (from a `poissonTable`), then the sum of N durations
 * LogNormal(mu, sigma) — exactly `samplePoissonTable` followed by N `sampleLogNormal`, draw for
 * draw. The hottest loop of a simulation (tens of incidents per run and month), so tychei's
 * state stays in locals across the draws instead of going through the `Rng` object each step.
 * It takes (mu, sigma) as `params` and writes the hours to `out[at]`: doubles passed to or
 * returned from a call that is not inlined are boxed on V8's heap, one allocation each.
 * The schema bounds mu to [-10, 10] and sigma to [0, 5], and a ziggurat normal from 32-bit
 * draws stays within 11 of 0, so mu + sigma z is far inside `expInRange`'s range.
 * @example outageHours(rng, table, poissonStart(table), Float64Array.of(0.23, 1.17), hours, o)
 */
export function outageHours(
  rng: Rng,
  table: Float64Array,
  start: number,
  params: Float64Array,
  out: Float64Array,
  at: number,
): void {
  outageHoursLanes([rng], 0, 1, table, start, params, out, at);
}

/**
 * `outageHours` for the streams `rngs[first .. first + lanes)` (null: no outages, 0 hours),
 * writing `out[at .. at + lanes)`: one call per offer and block of runs instead of one per run.
 * @example outageHoursLanes(outRng, o * 64, 64, table, poissonStart(table), params, hours, o * 64)
 */
export function outageHoursLanes(
  rngs: readonly (Rng | null)[],
  first: number,
  lanes: number,
  table: Float64Array,
  start: number,
  params: Float64Array,
  out: Float64Array,
  at: number,
): void {
  const len = table.length;
  const mu = params[0] ?? 0;
  const sigma = params[1] ?? 0;
  const layer = zig;
  // The window of table entries counted without branches: 16 from 7 below the median.
  const lo = start > 7 ? start - 7 : 0;
  const windowed = lo + 16 <= len;
  for (let lane = 0; lane < lanes; lane++) {
    const rng = rngs[first + lane];
    if (!rng || len === 0) {
      out[at + lane] = 0;
      continue;
    }
    let a = rng.a;
    let b = rng.b;
    let c = rng.c;
    let d = rng.d;
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ c;
    c = (c - d) | 0;
    d = (d << 16) ^ (c >>> 16) ^ a;
    a = (a - b) | 0;
    const u = (a >>> 0) / 0x100000000;
    // The count is the smallest n with u <= P(N <= n): the number of table entries below u.
    let n = lo;
    if (windowed) {
      // Counted without branches over 16 entries around the median (a search from the
      // median mispredicts a branch or two per draw: counts are random), then, rarely,
      // searched on past either end of the window.
      const t = table;
      n +=
        +(u > (t[lo] ?? 1)) +
        +(u > (t[lo + 1] ?? 1)) +
        +(u > (t[lo + 2] ?? 1)) +
        +(u > (t[lo + 3] ?? 1));
      n +=
        +(u > (t[lo + 4] ?? 1)) +
        +(u > (t[lo + 5] ?? 1)) +
        +(u > (t[lo + 6] ?? 1)) +
        +(u > (t[lo + 7] ?? 1));
      n +=
        +(u > (t[lo + 8] ?? 1)) +
        +(u > (t[lo + 9] ?? 1)) +
        +(u > (t[lo + 10] ?? 1)) +
        +(u > (t[lo + 11] ?? 1));
      n +=
        +(u > (t[lo + 12] ?? 1)) +
        +(u > (t[lo + 13] ?? 1)) +
        +(u > (t[lo + 14] ?? 1)) +
        +(u > (t[lo + 15] ?? 1));
      if (n === lo + 16) while (n < len && u > (table[n] ?? 1)) n++;
      else if (n === lo) while (n > 0 && u <= (table[n - 1] ?? 0)) n--;
    } else {
      // A short table (a tiny rate): searched from the median.
      n = start;
      if (u > (table[n] ?? 1)) {
        n++;
        while (n < len && u > (table[n] ?? 1)) n++;
      } else while (n > 0 && u <= (table[n - 1] ?? 0)) n--;
    }
    let hours = 0;
    // Incidents still to draw, counted down (one register fewer than a count and a limit).
    let todo = n;
    while (todo > 0) {
      // The common case in a tight loop without calls; it leaves on a draw the ziggurat rejects.
      let missed = 0;
      for (; todo > 0; todo--) {
        b = (b << 25) ^ (b >>> 7) ^ c;
        c = (c - d) | 0;
        d = (d << 24) ^ (d >>> 8) ^ a;
        a = (a - b) | 0;
        b = (b << 20) ^ (b >>> 12) ^ c;
        c = (c - d) | 0;
        d = (d << 16) ^ (c >>> 16) ^ a;
        a = (a - b) | 0;
        const iz = (a & 127) << 1;
        if (!(Math.abs(a) < (layer[iz] ?? 0))) {
          missed = 1;
          break;
        }
        hours += expInRange(mu + sigma * (a * (layer[iz + 1] ?? 0)));
      }
      if (missed === 0) break;
      rng.a = a;
      rng.b = b;
      rng.c = c;
      rng.d = d;
      hours += expInRange(mu + sigma * normalSlow(rng, a));
      a = rng.a;
      b = rng.b;
      c = rng.c;
      d = rng.d;
      todo--;
    }
    rng.a = a;
    rng.b = b;
    rng.c = c;
    rng.d = d;
    out[at + lane] = hours;
  }
}

/** Normal(mean, sd). @example sampleNormal(rng, 4, 2) */
export function sampleNormal(rng: Rng, mean: number, sd: number): number {
  return mean + sd * standardNormal(rng);
}

/** LogNormal(mu, sigma): exp of a normal. @example sampleLogNormal(rng, 0.23, 1.17) */
export function sampleLogNormal(rng: Rng, mu: number, sigma: number): number {
  return fastExp(sampleNormal(rng, mu, sigma));
}

/**
 * Poisson(lambda). For lambda < 30, inversion by sequential search of the CDF: exactly one
 * draw. Above, a normal approximation rounded and clamped at 0 — rates that high are outside
 * the model's use (incidents per month are single digits).
 * @example samplePoisson(rng, 5.5)
 */
export function samplePoisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const u = uniform(rng);
    let k = 0;
    let p = Math.exp(-lambda);
    let cdf = p;
    while (u > cdf && k < POISSON_MAX) {
      k++;
      p *= lambda / k;
      if (p === 0) break;
      cdf += p;
    }
    return k;
  }
  return Math.max(0, Math.round(sampleNormal(rng, lambda, Math.sqrt(lambda))));
}

const POISSON_MAX = 400;

/**
 * The CDF that `samplePoisson` walks for a fixed lambda, computed once: table[k] = P(N <= k),
 * summed in the same order, so `samplePoissonTable` returns exactly what `samplePoisson` would
 * for the same draw, without an exponential and a division per step. `null` when lambda >= 30
 * (the normal approximation); an empty table when lambda <= 0 (no draw, always 0).
 * @example const table = poissonTable(5.5); samplePoissonTable(rng, table ?? ...)
 */
export function poissonTable(lambda: number): Float64Array | null {
  if (lambda <= 0) return new Float64Array(0);
  if (lambda >= 30) return null;
  const cdf: number[] = [];
  let p = Math.exp(-lambda);
  let sum = p;
  cdf.push(sum);
  for (let k = 1; k < POISSON_MAX; k++) {
    p *= lambda / k;
    if (p === 0) break;
    sum += p;
    cdf.push(sum);
  }
  return Float64Array.from(cdf);
}

/**
 * Where to start searching a `poissonTable`: its median, the first k with P(N <= k) >= 1/2
 * (clamped to the table). @example outageHoursLanes(rngs, 0, 64, table, poissonStart(table), params, out, 0)
 */
export function poissonStart(table: Float64Array): number {
  let k = 0;
  while (k < table.length - 1 && (table[k] ?? 1) < 0.5) k++;
  return k;
}

/**
 * `samplePoissonTable` for the streams `rngs[first .. first + lanes)` of a rare event (null or
 * an empty table: 0, no draw): the counts into `counts[0 .. lanes)`, the lanes with a count
 * above 0 into `hits`, and how many there are. The count is taken without a branch over the
 * table's first four entries (whether a rare event happens is random: a branch on it
 * mispredicts), so only the lanes in `hits` need a look afterwards.
 * @example const k = rareCounts(relRng, 0, 64, table, counts, hits); // lanes hits[0 .. k)
 */
export function rareCounts(
  rngs: readonly (Rng | null)[],
  first: number,
  lanes: number,
  table: Float64Array,
  counts: Int32Array,
  hits: Int32Array,
): number {
  const len = table.length;
  let k = 0;
  for (let lane = 0; lane < lanes; lane++) {
    const rng = rngs[first + lane];
    let c = 0;
    if (rng && len > 0) {
      if (len < 4) c = samplePoissonTable(rng, table);
      else {
        const u = uniform(rng);
        c =
          +(u > (table[0] ?? 1)) +
          +(u > (table[1] ?? 1)) +
          +(u > (table[2] ?? 1)) +
          +(u > (table[3] ?? 1));
        if (c === 4) while (c < len && u > (table[c] ?? 1)) c++;
      }
    }
    counts[lane] = c;
    hits[k] = lane;
    k += +(c > 0);
  }
  return k;
}

/** Poisson from a table of `poissonTable`: one draw, or none for an empty table. @example samplePoissonTable(rng, table) */
export function samplePoissonTable(rng: Rng, table: Float64Array): number {
  const n = table.length;
  if (n === 0) return 0;
  const u = uniform(rng);
  let k = 0;
  while (k < n && u > (table[k] ?? 1)) k++;
  return k;
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
    const x = standardNormal(rng);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = uniformOpen(rng);
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}
