import { describe, expect, it } from 'vitest';
import { intFlag, seedFlag } from './args.js';
import type { SimulationResult } from '@crosswind/schema';
import { monthlyPathFor, summaryCsv } from './csv.js';
import { locateJsonError } from './json-position.js';
import { shardRanges } from './threads.js';

describe('locateJsonError', () => {
  it.each([
    ['{"a": 1}', undefined],
    ['{"a": }', [1, 7, 'expected a value, found "}"']],
    ['{\n  "a": 1,\n}', [3, 1, 'trailing comma before "}"']],
    ['{"a" 1}', [1, 6, 'expected ":" after the property name, found "1"']],
    ["{'a': 1}", [1, 2, 'expected a property name in double quotes, found "\'"']],
    ['[1, 2', [1, 6, 'expected "," or "]", found the end of the file']],
    ['{"a": 1} x', [1, 10, 'unexpected "x" after the end of the JSON value']],
    ['"abc', [1, 5, 'unterminated string']],
  ])('%j', (text, expected) => {
    const p = locateJsonError(text);
    expect(p && [p.line, p.column, p.message]).toEqual(expected);
  });
});

describe('flags', () => {
  it('intFlag accepts whole numbers in range only', () => {
    expect(intFlag('--runs', '10', 1, 100)).toBe(10);
    for (const bad of ['0', '101', '1.5', '1e3', 'x', ''])
      expect(() => intFlag('--runs', bad, 1, 100)).toThrow(
        /--runs must be a whole number from 1 to 100/,
      );
  });

  it('seedFlag keeps numbers as numbers and other text as text', () => {
    expect(seedFlag('2026')).toBe(2026);
    expect(seedFlag('q3-review')).toBe('q3-review');
    expect(() => seedFlag('-1')).toThrow(/--seed/);
  });
});

describe('shardRanges', () => {
  it('covers [0, runs) with contiguous, nearly equal ranges', () => {
    expect(shardRanges(10, 3)).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    expect(shardRanges(2, 8)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});

describe('monthlyPathFor', () => {
  it('puts .monthly before .csv', () => {
    expect(monthlyPathFor('out/june.csv')).toBe('out/june.monthly.csv');
    expect(monthlyPathFor('june')).toBe('june.monthly.csv');
  });
});

describe('summaryCsv', () => {
  // A result read from a file (summaryCsv is exported for library use) need not have come from
  // a validated scenario, so its ids can be anything; the CSV must still not run formulas.
  const stats = {
    mean: -0.5,
    sd: 1,
    min: -3,
    p5: -2,
    p25: -1,
    p50: 0,
    p75: 1,
    p95: 2,
    max: 3,
    cvar95: 2.5,
  };
  const result = {
    strategies: [
      {
        id: '=HYPERLINK("http://evil.example/","x")',
        totals: { totalCostUsd: stats },
        costByOfferMeanUsd: { '@offer': 10 },
        costByJurisdictionMeanUsd: { '+US': 5 },
      },
    ],
    pairwise: [],
  } as unknown as SimulationResult;

  it('escapes text cells that start a formula and keeps negative numbers as numbers', () => {
    const lines = summaryCsv(result).trim().split('\n');
    expect(lines).toContain(`"'=HYPERLINK(""http://evil.example/"",""x"")",totalCostUsd,mean,-0.5`);
    expect(lines).toContain(
      `"'=HYPERLINK(""http://evil.example/"",""x"")",costByOfferUsd.@offer,mean,10`,
    );
    for (const line of lines) expect(line).not.toMatch(/^"?[=+\-@]/);
  });
});
