import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundNonNegative } from './stats.js';

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
