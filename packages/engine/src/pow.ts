/**
 * Powers computed the same way in every JavaScript engine. `Math.pow` is not specified to the
 * last bit, and V8 changed its implementation between Node 20 and current Chromium (the same
 * arguments give results one unit in the last place apart in about one case in ten), which
 * broke the promise that the browser's preview and the server agree bit for bit. Integer
 * powers use binary exponentiation (IEEE multiplications only); other powers use
 * `exp(y·log x)`, with `Math.log` and `Math.exp` (fdlibm in V8, identical across its versions).
 */

/**
 * base^n for an integer n by repeated squaring: at most 2·log2(|n|) multiplications, so within
 * a few units in the last place of the exact power, and the same on every engine.
 * @example powInt(1.02, 12) // 1.2682417945625455
 */
export function powInt(base: number, n: number): number {
  let e = Math.abs(n);
  let acc = 1;
  let sq = base;
  while (e > 0) {
    if (e & 1) acc *= sq;
    e = Math.floor(e / 2);
    if (e > 0) sq *= sq;
  }
  return n < 0 ? 1 / acc : acc;
}

/** Integer exponents up to this size go through `powInt`. */
const MAX_INT_EXPONENT = 2 ** 31 - 1;

/**
 * x^y as `Math.pow` defines it (the same special cases: zeros, infinities, NaN, negative bases
 * with non-integer exponents), computed portably.
 * @example portablePow(2, 0.5) // 1.414213562373095
 */
export function portablePow(x: number, y: number): number {
  if (Number.isInteger(y) && Math.abs(y) <= MAX_INT_EXPONENT) return powInt(x, y);
  // Special cases are exact in every engine (ECMAScript Number::exponentiate lists them).
  if (!Number.isFinite(x) || !Number.isFinite(y) || x <= 0) return Math.pow(x, y);
  if (x === 1) return 1;
  return Math.exp(y * Math.log(x));
}
