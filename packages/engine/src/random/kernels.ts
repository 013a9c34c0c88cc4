import { expInRange } from '../exp.js';
import type { Rng } from './generator.js';
import { normalSlow, samplePoissonTable, ZIGGURAT } from './samplers.js';
import { uniform } from './generator.js';

/**
 * Kernels: samplers run over the lanes of a block of runs (one stream per lane), with the
 * generator's state in locals. Each returns exactly what the plain samplers of `samplers.ts`
 * return for the same streams, draw for draw (rng.test.ts checks it).
 */

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
  const layer = ZIGGURAT;
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
