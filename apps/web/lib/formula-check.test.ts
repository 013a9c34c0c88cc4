import { prepareScenario } from '@crosswind/engine';
import { getPreset } from '@crosswind/presets';
import { validateScenario, type ScenarioInput } from '@crosswind/schema';
import { describe, expect, it } from 'vitest';
import { checkFormula, formulaIssues, plainFormulaMessage } from './formula-check';

const june = getPreset('june-2026')?.scenario;
if (!june) throw new Error('june-2026 preset missing');

function withPriceFormula(formula: string): ScenarioInput {
  const doc = structuredClone(june) as ScenarioInput;
  const offer = doc.world.offers[0];
  if (offer) offer.pricePath = { type: 'formula', formula };
  return doc;
}

describe('checkFormula', () => {
  it('evaluates a good formula over the horizon', () => {
    const r = checkFormula('0.5^month', 4);
    expect(r).toEqual({ ok: true, values: [1, 0.5, 0.25, 0.125] });
  });

  it.each([
    ['50 *', 'is unfinished: something is missing after “50 *”'],
    ['1 +* 2', 'needs a number or “month” after “1 +” (character 4)'],
    ['2 * (month + 1', 'has a “(” that is never closed with “)”'],
    ['month + 1)', 'has a “)” with no “(” before it (character 10)'],
    ['1,5 * month', 'has a “,” outside a function’s brackets'],
    [
      '0.9^monht',
      'uses “monht”, which is not known: only month, numbers, pi and e can be used. Did you mean “month”?',
    ],
    ['month > 3', 'uses “>”, which is not allowed; use + - * / ^'],
    ['1 - month', 'gives -1 at month 2; it must stay between 0 and 1,000,000 at every month'],
    ['log(month)', 'gives no number at month 0 (-Infinity)'],
    ['', 'is empty'],
  ])('says what is wrong with %j in plain words', (formula, words) => {
    const r = checkFormula(formula, 24);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain(words.replace('’', "'"));
      expect(r.message).not.toMatch(/\(char \d+\)|Value expected|Unexpected/);
    }
  });

  // What the editor accepts is exactly what the engine accepts on Run (same parser, same bounds).
  it.each([
    '0.97^month',
    '1 + 0.05*month',
    'max(0.2, 1 - 0.1*month)',
    '50 *',
    'month > 3',
    '1 - month',
    'sqrt(month - 1)',
    'foo(1)',
  ])('agrees with the engine on %j', (formula) => {
    const v = validateScenario(withPriceFormula(formula));
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    const engine = prepareScenario(v.scenario, 1);
    const editor = checkFormula(formula, v.scenario.world.horizonMonths);
    expect(editor.ok).toBe(engine.ok);
    if (!engine.ok) expect(engine.errors[0]?.path).toBe('world.offers[0].pricePath.formula');
  });
});

describe('plainFormulaMessage', () => {
  it('passes through messages it has no better words for', () => {
    expect(plainFormulaMessage('x', 'is too long (600 characters; at most 500)')).toBe(
      'is too long (600 characters; at most 500)',
    );
  });
});

describe('formulaIssues', () => {
  it('reports price and growth formulas at the paths the engine uses', () => {
    const doc = withPriceFormula('2 ^');
    const w = doc.world.workloads[1];
    if (w) w.growth = { formula: '1 + month)' };
    expect(formulaIssues(doc)).toEqual([
      {
        path: 'world.offers[0].pricePath.formula',
        message: 'this formula is unfinished: something is missing after “2 ^”',
      },
      {
        path: 'world.workloads[1].growth.formula',
        message: 'this formula has a “)” with no “(” before it (character 10)',
      },
    ]);
  });

  it('leaves empty formulas to the schema, and finds nothing in a good scenario', () => {
    expect(formulaIssues(withPriceFormula(''))).toEqual([]);
    expect(formulaIssues(june)).toEqual([]);
  });
});
