import { describe, expect, it } from 'vitest';
import { intFlag, seedFlag } from './args.js';
import { monthlyPathFor } from './csv.js';
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
