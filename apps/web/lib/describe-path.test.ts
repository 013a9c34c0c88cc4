import { getPreset } from '@crosswind/presets';
import { describe, expect, it } from 'vitest';
import { describePath, sectionOf } from './describe-path';

const june = getPreset('june-2026')?.scenario;
if (!june) throw new Error('june-2026 preset missing');

describe('describePath', () => {
  it.each([
    ['world.offers[1].priceUsdPerMTokens.input', 'Offer “OpenAI GPT-5.5” › input price'],
    ['world.offers[3].pricePath.formula', 'Offer “Zhipu GLM 5.2 (Z.ai API)” › price formula'],
    ['world.workloads[0].growth.formula', 'Workload “Office assistance” › growth formula'],
    ['strategies[1].routes[0].primary', 'Strategy “Hedge” › route 1 › primary offers'],
    ['world.shocks[0].scope.models', 'Shock “Fable 5 barred for non-US users” › models hit'],
    ['simulation.runs', 'Simulation settings › number of runs'],
  ])('names %s for people', (path, words) => {
    expect(describePath(june, path)).toBe(words);
  });

  it('files each path under its editor section', () => {
    expect(sectionOf('world.commonShocks[0].hazardPerMonth')).toBe('shocks');
    expect(sectionOf('strategies[2].adaptive.beta')).toBe('strategies');
    expect(sectionOf('name')).toBe('overview');
  });
});
