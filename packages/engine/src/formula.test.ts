import { describe, expect, it } from 'vitest';
import { compileFormula, evaluateMonthly, MAX_FORMULA_CHARS } from './formula.js';
import { simulate } from './index.js';
import { idealOffer, singleRoute, testScenario } from './test-scenarios.js';

/**
 * Escape payloads from mathjs's security tests (test/node-tests/security.test.js) and its
 * published advisories (CVE-2017-1001002, CVE-2017-1001003, GHSA-... constructor and
 * prototype chains, typed-function and import tricks), plus the general shapes of attack.
 */
const ESCAPES = [
  'cos.constructor("return process")()',
  '[].map.constructor("return this")()',
  'f=cos.constructor; f("return this")()',
  'cos["constructor"]("return process")()',
  'a=cos; a.constructor("return 1")()',
  'import({matrix: cos}, {override: true})',
  'createUnit("foo")',
  'evaluate("1+1")',
  'parse("x=1").compile().evaluate()',
  'simplify("x").constructor',
  'compile("1").evaluate()',
  'reviver("{}")',
  'typed("f", {"number": cos})',
  'chain(1).done()',
  'unit("5 cm")',
  '5 cm',
  'month cm',
  '"x".length',
  '{a: 1}',
  'x = 1',
  'f(x) = x^2',
  'month = 3; month',
  '[1, 2, 3]',
  'month[1]',
  'month > 3 ? 1 : 0',
  'month == 1',
  '1:10',
  'Infinity',
  'NaN',
  '1e309',
  'process',
  'this',
  'globalThis',
  'require("fs")',
  'cos(month)',
  'derivative("x^2", "x")',
  'resolve("x", {x: 1})',
];

describe('formula sandbox', () => {
  it.each(ESCAPES)('refuses %s with a message and runs nothing', (payload) => {
    const r = compileFormula(payload, ['month']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.length).toBeGreaterThan(5);
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts arithmetic on declared names', () => {
    const cases: [string, number][] = [
      ['50 * 0.97^month', 50 * 0.97 ** 2],
      ['exp(-month / 12) * 2', Math.exp(-2 / 12) * 2],
      [
        'max(1, 3 - month) + min(month, 1) + sqrt(4) + abs(-1) + floor(1.5) + ceil(0.5) + round(1.4) + pow(2, 3) + log(e)',
        1 + 1 + 2 + 1 + 1 + 1 + 1 + 8 + 1,
      ],
      ['(1 + 0.04)^month', 1.04 ** 2],
      ['-month + +3', 1],
    ];
    for (const [src, value] of cases) {
      const r = compileFormula(src, ['month']);
      expect(r.ok, src).toBe(true);
      if (r.ok) expect(r.formula.evaluate({ month: 2 })).toBeCloseTo(value, 12);
    }
  });

  it('refuses deep nesting and over-long input before parsing them', () => {
    const cases: [string, RegExp][] = [
      [`${'('.repeat(100)}1${')'.repeat(100)}`, /nested too deeply/],
      [`${'-'.repeat(400)}1`, /nested too deeply/],
      [`${'('.repeat(100_000)}1${')'.repeat(100_000)}`, /too long/],
      [`1${'+1'.repeat(MAX_FORMULA_CHARS)}`, /too long/],
    ];
    for (const [src, msg] of cases) {
      const r = compileFormula(src, ['month']);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(msg);
    }
  });

  it('reports NaN and infinite values as errors at the month they occur', () => {
    const bad: [string, RegExp][] = [
      ['1 / month', /Infinity at month 0/],
      ['log(month - 1)', /NaN at month 0|month 0/],
      ['sqrt(month - 3)', /month 0/],
      ['10^(month * 100)', /Infinity at month 4/],
    ];
    for (const [src, msg] of bad) {
      const r = compileFormula(src, ['month']);
      expect(r.ok, src).toBe(true);
      if (!r.ok) continue;
      const v = evaluateMonthly(r.formula, 12, 0, Number.MAX_VALUE);
      expect(v.ok, src).toBe(false);
      if (!v.ok) expect(v.message).toMatch(msg);
    }
  });

  it('a bad formula in a scenario comes back as an error value at its path', () => {
    const scenario = testScenario({
      offers: [
        idealOffer('a', {
          pricePath: { type: 'formula', formula: 'cos.constructor("return process")()' },
        }),
      ],
      strategies: [singleRoute('s', 'a')],
    });
    const r = simulate(scenario, { runs: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.path).toBe('world.offers[0].pricePath.formula');
  });
});
