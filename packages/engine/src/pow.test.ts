import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFormula } from './formula.js';
import { portablePow, powInt } from './pow.js';

/** Units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, a);
  buf.setFloat64(8, b);
  return Number(buf.getBigInt64(0) - buf.getBigInt64(8));
}

describe('powInt', () => {
  it('is exact where the power is representable', () => {
    expect(powInt(2, 10)).toBe(1024);
    expect(powInt(-3, 3)).toBe(-27);
    expect(powInt(0.5, -3)).toBe(8);
    expect(powInt(7, 0)).toBe(1);
    expect(powInt(Number.NaN, 0)).toBe(1);
    expect(powInt(0, -1)).toBe(Infinity);
    expect(powInt(-0, -1)).toBe(-Infinity);
  });

  it('stays within n + 1 units in the last place of Math.pow for growth-like bases', () => {
    // Squaring doubles the relative error carried so far and adds half an ulp: after the
    // squarings and multiplications for x^n the relative error is below (n - 1)·2^-53, i.e. at
    // most n ulps, plus Math.pow's own (under one ulp).
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 1.5, noNaN: true }),
        fc.integer({ min: 0, max: 120 }),
        (base, n) => Math.abs(ulps(powInt(base, n), Math.pow(base, n))) <= n + 1,
      ),
    );
  });
});

describe('portablePow', () => {
  it('keeps Math.pow special cases', () => {
    for (const [x, y] of [
      [0, 0.5],
      [-8, 1 / 3],
      [Infinity, 0.5],
      [2, Infinity],
      [Number.NaN, 0.5],
      [1, Number.NaN],
    ] as const)
      expect(Object.is(portablePow(x, y), Math.pow(x, y))).toBe(true);
  });

  it('is close to Math.pow for non-integer exponents', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: -4, max: 4, noNaN: true }),
        // |y·log x| <= 28 here; exp(y·log x) carries its rounding error times that: 64 ulps bound.
        (x, y) => Math.abs(ulps(portablePow(x, y), Math.pow(x, y))) <= 64,
      ),
    );
  });

  it('is what formulas use for ^ and pow()', () => {
    const f = compileFormula('1.07 ^ (month / 12) + pow(2, month / 7)', ['month']);
    expect(f.ok).toBe(true);
    if (f.ok)
      expect(f.formula.evaluate({ month: 5 })).toBe(
        portablePow(1.07, 5 / 12) + portablePow(2, 5 / 7),
      );
  });
});
