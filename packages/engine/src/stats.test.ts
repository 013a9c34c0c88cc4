import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthlyBands, orderStatistics, roundNonNegative } from './stats.js';

describe('roundNonNegative', () => {
  it('is Math.round for every double in [0, 2^31), halves included', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2 ** 31 - 1, noNaN: true }), (x) => {
        expect(roundNonNegative(x)).toBe(Math.round(x));
      }),
      { numRuns: 50_000 },
    );
    for (const x of [0, 0.5, 1.5, 2.5, 0.49999999999999994, 1 - 2 ** -53, 999.5, 1e6 - 0.5])
      expect(roundNonNegative(x)).toBe(Math.round(x));
  });
});

describe('orderStatistics', () => {
  const sortedRanks = (data: Float64Array, ranks: number[]) => {
    const sorted = Float64Array.from(data).sort();
    return ranks.map((r) => sorted[r]);
  };

  it('gives what a full sort gives, for any sample and ranks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
          minLength: 1,
          maxLength: 3000,
        }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        (values, picks) => {
          const data = Float64Array.from(values);
          const ranks = [...new Set(picks.map((k) => k % data.length))].sort((a, b) => a - b);
          expect(orderStatistics(data, ranks)).toEqual(sortedRanks(data, ranks));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives what a full sort gives on large, crowded and heavy-tailed samples (65,536 bins)', () => {
    // Shares crowded just below 1, unserved tasks with an atom at 0 and a long tail, a constant.
    let state = 7;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const n = 300_000;
    const samples = [
      Float64Array.from({ length: n }, () => 1 - next() ** 8 * 1e-4 * (next() < 0.05 ? 5000 : 1)),
      Float64Array.from({ length: n }, () => (next() < 0.3 ? 0 : Math.exp(12 * next()))),
      new Float64Array(n).fill(2.5),
    ];
    const ranks = [0, 1, 14_999, 15_000, 74_999, 150_000, 224_999, 284_999, 285_000, n - 1];
    for (const data of samples)
      expect(orderStatistics(data, ranks)).toEqual(sortedRanks(data, ranks));
  });
});

describe('monthlyBands', () => {
  it('gives each month the mean (summed in run order) and the percentiles of a full sort', () => {
    for (const n of [1, 5, 64, 65, 3000]) {
      const months = 3;
      const block = Float64Array.from({ length: months * n }, (_, i) =>
        i % 7 === 0 ? 0 : Math.sin(i) * 100 + i / 10,
      );
      const bands = monthlyBands(block, months, n);
      for (let t = 0; t < months; t++) {
        const data = block.subarray(t * n, (t + 1) * n);
        let sum = 0;
        for (const v of data) sum += v;
        expect(bands.mean[t]).toBe(sum / n);
        const sorted = Float64Array.from(data).sort();
        const h = (n - 1) * 0.5;
        const lo = Math.floor(h);
        const hi = Math.min(n - 1, lo + 1);
        const p50 = (sorted[lo] ?? 0) + (h - lo) * ((sorted[hi] ?? 0) - (sorted[lo] ?? 0));
        expect(bands.p50[t]).toBe(p50);
      }
    }
  });
});
