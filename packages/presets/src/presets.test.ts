import { findCatalogOffer } from '@crosswind/catalog';
import { validateScenario } from '@crosswind/schema';
import { describe, expect, it } from 'vitest';
import { getPreset, presets } from './index.js';

describe('presets', () => {
  it('lists June 2026 first and has unique ids', () => {
    expect(presets[0]?.id).toBe('june-2026');
    expect(presets.length).toBeGreaterThanOrEqual(3);
    expect(new Set(presets.map((p) => p.id)).size).toBe(presets.length);
  });

  it.each(presets.map((p) => [p.id, p] as const))('%s passes validateScenario', (_id, preset) => {
    const r = validateScenario(preset.scenario);
    expect(r.ok ? [] : r.issues).toEqual([]);
    expect(preset.question).toMatch(/\?$/);
  });

  it('finds presets by id', () => {
    expect(getPreset('pure-cost')?.scenario.world.shocks).toEqual([]);
    expect(getPreset('nope')).toBeUndefined();
  });

  it('pure-cost has no outages, overloads or caps, one single-offer strategy per offer', () => {
    const s = getPreset('pure-cost')?.scenario;
    if (!s) throw new Error('pure-cost missing');
    for (const o of s.world.offers) {
      expect(o.outages, o.id).toBeUndefined();
      expect(o.overload, o.id).toBeUndefined();
      expect(o.capacityMTokensPerMonth, o.id).toBeUndefined();
    }
    expect(s.strategies.map((st) => st.routes[0]?.primary[0]?.offer)).toEqual(
      s.world.offers.map((o) => o.id),
    );
    expect(s.strategies.every((st) => (st.routes[0]?.fallbacks ?? []).length === 0)).toBe(true);
  });

  it('june-2026 API prices agree with the bundled catalogue (LiteLLM snapshot)', () => {
    const june = getPreset('june-2026')?.scenario.world.offers ?? [];
    const priceOf = (id: string) => june.find((o) => o.id === id)?.priceUsdPerMTokens;
    const pairs: [string, string][] = [
      ['fable-5', 'claude-fable-5'],
      ['gpt-5.5', 'gpt-5.5'],
      ['gemini-3.1-pro', 'gemini/gemini-3.1-pro-preview'],
      ['glm-5.2-zai', 'zai/glm-5.1'],
      ['glm-5.2-us-host', 'fireworks_ai/glm-5p2'],
      ['deepseek-v4-pro', 'deepseek/deepseek-v4-pro'],
      ['kimi-k2.6', 'moonshot/kimi-k2.6'],
    ];
    for (const [offerId, key] of pairs) {
      expect(priceOf(offerId), offerId).toEqual(findCatalogOffer(key)?.priceUsdPerMTokens);
    }
  });
});
