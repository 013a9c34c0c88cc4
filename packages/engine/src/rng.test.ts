import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import {
  nextInt32,
  openStream,
  outageHours,
  outageHoursLanes,
  poissonStart,
  poissonTable,
  rareCounts,
  runSeed,
  samplePoisson,
  samplePoissonTable,
  sampleLogNormal,
  seedTychei,
  streamKey,
  uniform,
  Rng,
} from './random/index.js';

// The typings declare a string seed; tychei also takes a safe integer (its integer path).
const tychei = seedrandom.tychei as unknown as (seed: number) => (() => number) & {
  int32: () => number;
};

describe('streams', () => {
  it("draw seedrandom's tychei numbers, bit for bit, for any integer seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (seed) => {
        const lib = tychei(seed);
        const libInt = tychei(seed);
        const ours = seedTychei(new Rng(), seed);
        const oursInt = seedTychei(new Rng(), seed);
        for (let i = 0; i < 50; i++) {
          expect(uniform(ours)).toBe(lib());
          expect(nextInt32(oursInt)).toBe(libInt.int32());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('re-seeding in place gives the same stream as a fresh one', () => {
    const key = streamKey(2026, 'outage', 'gpt-5.5');
    const reused = openStream(key, 3);
    for (let i = 0; i < 7; i++) uniform(reused);
    seedTychei(reused, runSeed(key, 17));
    const fresh = openStream(key, 17);
    for (let i = 0; i < 20; i++) expect(uniform(reused)).toBe(uniform(fresh));
  });

  it('streams of different runs, processes and entities differ', () => {
    const first = (seed: number, process: string, entity: string, run: number) =>
      uniform(openStream(streamKey(seed, process, entity), run));
    const draws = new Set([
      first(1, 'outage', 'a', 0),
      first(1, 'outage', 'a', 1),
      first(1, 'outage', 'b', 0),
      first(1, 'overload', 'a', 0),
      first(2, 'outage', 'a', 0),
    ]);
    expect(draws.size).toBe(5);
  });
});

describe('Poisson tables', () => {
  it('return exactly what samplePoisson returns for the same draws, and use one draw', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 29.99, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (lambda, seed) => {
          const table = poissonTable(lambda);
          expect(table).not.toBeNull();
          if (!table) return;
          const a = seedTychei(new Rng(), seed);
          const b = seedTychei(new Rng(), seed);
          for (let i = 0; i < 200; i++)
            expect(samplePoissonTable(a, table)).toBe(samplePoisson(b, lambda));
          expect(uniform(a)).toBe(uniform(b));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('take no draw for a zero rate and leave high rates to the normal approximation', () => {
    const empty = poissonTable(0);
    expect(empty?.length).toBe(0);
    const a = seedTychei(new Rng(), 5);
    const b = seedTychei(new Rng(), 5);
    if (empty) expect(samplePoissonTable(a, empty)).toBe(0);
    expect(uniform(a)).toBe(uniform(b));
    expect(poissonTable(30)).toBeNull();
  });
});

describe('outage hours', () => {
  it('equal a Poisson count then that many lognormal durations, draw for draw', () => {
    // About 1.2% of normals take the ziggurat's slow path; 10,000+ durations make it certain
    // (a miss rate of 0.988^10000) that the path where outageHours leaves its loop is covered.
    let durations = 0;
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 29.99, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (lambda, mu, sigma, seed) => {
          const table = poissonTable(lambda);
          if (!table) return;
          const fast = seedTychei(new Rng(), seed);
          const reference = seedTychei(new Rng(), seed);
          for (let month = 0; month < 24; month++) {
            const incidents = samplePoissonTable(reference, table);
            let hours = 0;
            for (let e = 0; e < incidents; e++) hours += sampleLogNormal(reference, mu, sigma);
            durations += incidents;
            const out = new Float64Array(2);
            outageHours(fast, table, poissonStart(table), Float64Array.of(mu, sigma), out, 1);
            expect(out[1]).toBe(hours);
          }
          expect([fast.a, fast.b, fast.c, fast.d]).toEqual([
            reference.a,
            reference.b,
            reference.c,
            reference.d,
          ]);
        },
      ),
      { numRuns: 300 },
    );
    expect(durations).toBeGreaterThan(10_000);
  });
});

describe('outage hours of many lanes', () => {
  it('equal a count then that many durations per lane, with 0 hours where a lane has no stream', () => {
    // Rates whose counts fall inside the window counted without branches, past either end of
    // it, and a table too short for the window (a tiny rate).
    for (const lambda of [8.25, 0.3, 25, 1e-300]) {
      const table = poissonTable(lambda);
      if (!table) throw new Error('no table');
      const [mu, sigma] = [0.23, 1.17];
      const seeds = Array.from({ length: 30 }, (_, i) => 3 + 2 * i);
      const lanes = seeds.map((seed, i) => (i % 11 === 2 ? null : seedTychei(new Rng(), seed)));
      const alone = seeds.map((seed) => seedTychei(new Rng(), seed));
      const together = new Float64Array(34);
      for (let month = 0; month < 24; month++) {
        outageHoursLanes(
          lanes,
          0,
          lanes.length,
          table,
          poissonStart(table),
          Float64Array.of(mu, sigma),
          together,
          2,
        );
        lanes.forEach((rng, i) => {
          if (!rng) return expect(together[2 + i]).toBe(0);
          const reference = alone[i] ?? new Rng();
          const incidents = samplePoissonTable(reference, table);
          let hours = 0;
          for (let e = 0; e < incidents; e++) hours += sampleLogNormal(reference, mu, sigma);
          expect(together[2 + i]).toBe(hours);
        });
      }
    }
  });
});

describe('rare-event counts of many lanes', () => {
  it('equal samplePoissonTable lane by lane, draw for draw; hits lists the lanes above 0', () => {
    for (const lambda of [0.06, 0.5, 3, 8.25, 1e-300]) {
      const table = poissonTable(lambda);
      if (!table) throw new Error('no table');
      const seeds = Array.from({ length: 40 }, (_, i) => 1000 + i);
      const lanes = seeds.map((seed, i) => (i % 7 === 3 ? null : seedTychei(new Rng(), seed)));
      const alone = seeds.map((seed) => seedTychei(new Rng(), seed));
      const counts = new Int32Array(40);
      const hits = new Int32Array(40);
      for (let month = 0; month < 24; month++) {
        const k = rareCounts(lanes, 0, 40, table, counts, hits);
        const expected = lanes.map((rng, i) =>
          rng ? samplePoissonTable(alone[i] ?? new Rng(), table) : 0,
        );
        expect(Array.from(counts)).toEqual(expected);
        expect(Array.from(hits.subarray(0, k))).toEqual(
          expected.flatMap((c, i) => (c > 0 ? [i] : [])),
        );
      }
      lanes.forEach((rng, i) => {
        if (rng)
          expect([rng.a, rng.b, rng.c, rng.d]).toEqual([
            alone[i]?.a,
            alone[i]?.b,
            alone[i]?.c,
            alone[i]?.d,
          ]);
      });
    }
  });
});
