import { describe, expect, it } from 'vitest';
import { comparisonExportInfo, exportCaption, exportFileName } from './download';

describe('the source of a comparison download', () => {
  it('names every scenario and one runs and seed when they agree', () => {
    const info = comparisonExportInfo(
      [
        { name: 'June 2026', runs: 2000, seed: 7 },
        { name: 'Cheaper GLM', runs: 2000, seed: 7 },
      ],
      '0.4.0',
    );
    expect(exportCaption(info)).toBe(
      'Compare June 2026 vs Cheaper GLM · 2,000 runs · seed 7 · engine 0.4.0',
    );
    expect(exportFileName('Monthly cost', 'csv', info)).toBe(
      'compare-june-2026-vs-cheaper-glm__monthly-cost__2000-runs__seed-7__engine-0.4.0.csv',
    );
  });

  it("lists each scenario's runs and seed when they differ", () => {
    const info = comparisonExportInfo(
      [
        { name: 'A', runs: 2000, seed: 7 },
        { name: 'B', runs: 10000, seed: 'x' },
      ],
      '0.4.0',
    );
    expect(exportCaption(info)).toBe('Compare A vs B · 2000/10000 runs · seed 7/x · engine 0.4.0');
    expect(exportFileName('Cost', 'png', info)).toBe(
      'compare-a-vs-b__cost__2000-10000-runs__seed-7-x__engine-0.4.0.png',
    );
  });
});
