import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastExp } from './exp.js';

/** Distance in units in the last place between two positive doubles. */
function ulps(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Number(view.getBigInt64(0) - view.getBigInt64(8));
}

describe('fastExp', () => {
  it('is within 2 ulp of Math.exp wherever the result is a normal double', () => {
    fc.assert(
      fc.property(fc.double({ min: -707.9, max: 707.9, noNaN: true }), (x) => {
        expect(Math.abs(ulps(fastExp(x), Math.exp(x)))).toBeLessThanOrEqual(2);
      }),
      { numRuns: 20_000 },
    );
  });

  it('is within 2 ulp on the range the model uses, sampled densely', () => {
    let worst = 0;
    for (let i = 0; i <= 200_000; i++) {
      const x = -20 + (40 * i) / 200_000;
      worst = Math.max(worst, Math.abs(ulps(fastExp(x), Math.exp(x))));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('is exact at 0 and handles the edges like Math.exp', () => {
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-0)).toBe(1);
    expect(fastExp(800)).toBe(Infinity);
    expect(fastExp(-800)).toBe(0);
    expect(fastExp(Infinity)).toBe(Infinity);
    expect(fastExp(-Infinity)).toBe(0);
    expect(fastExp(Number.NaN)).toBeNaN();
    expect(fastExp(-710)).toBe(Math.exp(-710));
  });
});
