import { getPreset } from '@crosswind/presets';
import { describe, expect, it } from 'vitest';
import { diffScenarios } from './diff';

const june = getPreset('june-2026')?.scenario;
if (!june) throw new Error('june-2026 preset missing');

describe('diffScenarios', () => {
  it('finds nothing between a scenario and its copy', () => {
    expect(diffScenarios([june, structuredClone(june)])).toEqual([]);
  });

  it('matches offers by id, so inserting one does not mark every later offer changed', () => {
    const b = structuredClone(june);
    const first = b.world.offers[0];
    if (!first) throw new Error('no offer');
    b.world.offers.unshift({ ...first, id: 'new-offer', name: 'New offer' });
    const rows = diffScenarios([june, b]);
    expect(rows.every((r) => r.key.startsWith('world.offers[new-offer]'))).toBe(true);
    expect(rows.find((r) => r.key === 'world.offers[new-offer].name')?.values).toEqual([
      undefined,
      'New offer',
    ]);
  });

  it('labels a changed price by the offer’s name and gives each scenario’s value', () => {
    const b = structuredClone(june);
    const glm = b.world.offers.find((o) => o.id === 'glm-5.2-us-host');
    if (!glm) throw new Error('no glm-5.2-us-host');
    glm.priceUsdPerMTokens.input = 9;
    const rows = diffScenarios([june, b]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.label).toBe(
      'Offer “GLM 5.2 via a US host (Fireworks)” › price (USD per M tokens) › input',
    );
    expect(rows[0]?.values).toEqual(['1.4', '9']);
  });

  it('shows lists of plain values as one row (fallbacks in order)', () => {
    const b = structuredClone(june);
    const route = b.strategies[2]?.routes[1];
    if (!route) throw new Error('no route');
    route.fallbacks = [...(route.fallbacks ?? [])].reverse();
    const rows = diffScenarios([june, b]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.key).toMatch(/^strategies\[open-default\]\.routes\[1\]\.fallbacks$/);
  });
});
