import { validateScenario, type ScenarioInput } from '@crosswind/schema';
import { describe, expect, it } from 'vitest';
import { catalog, catalogSnapshotDate, findCatalogOffer } from './catalog.js';
import { toOffer } from './to-offer.js';

const SECTION_8_KEYS = [
  'claude-fable-5',
  'gpt-5.5',
  'gemini/gemini-3.1-pro-preview',
  'deepseek/deepseek-v4-pro',
  'moonshot/kimi-k2.6',
  'fireworks_ai/glm-5p2',
  'zai/glm-5.1',
];

function scenarioWith(offers: ScenarioInput['world']['offers']): ScenarioInput {
  return {
    schemaVersion: 1,
    name: 'catalogue check',
    world: {
      startMonth: '2026-06',
      horizonMonths: 12,
      regions: [{ id: 'eu', name: 'EU', demandShare: 1, jurisdiction: 'EU' }],
      offers,
      workloads: [
        {
          id: 'office',
          name: 'Office',
          tasksPerMonth: 1000,
          inputTokensPerAttempt: 1000,
          outputTokensPerAttempt: 200,
          qualityAxis: 'general',
          difficulty: 40,
          slope: 5,
          maxRetries: 1,
        },
      ],
    },
    strategies: offers
      .map((o) => ({
        id: `only-${o.id}`.slice(0, 64),
        name: o.name,
        routes: [{ primary: [{ offer: o.id, weight: 1 }] }],
      }))
      .slice(0, 12),
  };
}

describe('bundled catalogue', () => {
  it('has its snapshot date and 30-60 offers with unique ids', () => {
    expect(catalogSnapshotDate).toBe('2026-07-24');
    expect(catalog.length).toBeGreaterThanOrEqual(30);
    expect(catalog.length).toBeLessThanOrEqual(60);
    expect(new Set(catalog.map((o) => o.id)).size).toBe(catalog.length);
  });

  it('holds every docs/model.md section 9 key with the prices of the section', () => {
    for (const key of SECTION_8_KEYS) expect(findCatalogOffer(key), key).toBeDefined();
    const price = (key: string) => findCatalogOffer(key)?.priceUsdPerMTokens;
    expect(price('claude-fable-5')).toEqual({ input: 10, output: 50 });
    expect(price('gpt-5.5')).toEqual({ input: 5, output: 30 });
    expect(price('gemini/gemini-3.1-pro-preview')).toEqual({ input: 2, output: 12 });
    expect(price('deepseek/deepseek-v4-pro')).toEqual({ input: 0.435, output: 0.87 });
    expect(price('moonshot/kimi-k2.6')).toEqual({ input: 0.95, output: 4 });
    expect(price('fireworks_ai/glm-5p2')).toEqual({ input: 1.4, output: 4.4 });
    expect(price('zai/glm-5.1')).toEqual({ input: 1.4, output: 4.4 });
  });

  it('finds offers by offer id as well as by LiteLLM key', () => {
    expect(findCatalogOffer('glm-5.2-fireworks')?.source.key).toBe('fireworks_ai/glm-5p2');
    expect(findCatalogOffer('no-such-offer')).toBeUndefined();
  });
});

describe('toOffer', () => {
  it('turns every catalogue offer with quality into an offer a scenario accepts', () => {
    const offers = catalog.flatMap((c) => {
      const r = toOffer(c, c.quality ? {} : { quality: { general: 40 } });
      expect(r.ok, c.id).toBe(true);
      return r.ok ? [r.offer] : [];
    });
    const v = validateScenario(scenarioWith(offers));
    expect(v.ok ? [] : v.issues).toEqual([]);
  });

  it('refuses an offer without quality, saying how to give it', () => {
    const entry = findCatalogOffer('mistral/mistral-large-3');
    expect(entry).toBeDefined();
    if (!entry) return;
    const r = toOffer(entry);
    expect(r).toEqual({
      ok: false,
      errors: [
        { path: 'quality', message: expect.stringContaining('pass overrides.quality') as string },
      ],
    });
    const fixed = toOffer(entry, { quality: { general: 38, coding: 52 } });
    expect(fixed.ok && fixed.warnings).toEqual([]);
  });

  it('applies overrides and validates them with the schema', () => {
    const entry = findCatalogOffer('fireworks_ai/glm-5p2');
    if (!entry) throw new Error('catalogue lacks fireworks_ai/glm-5p2');
    const r = toOffer(entry, { id: 'glm-5.2-us-host', tokenMultiplier: { swe: 4 } });
    expect(r.ok && r.offer).toMatchObject({
      id: 'glm-5.2-us-host',
      priceUsdPerMTokens: { input: 1.4, output: 4.4 },
      privateBenchmarkGapMonths: 4,
      tokenMultiplier: { swe: 4 },
    });
    const bad = toOffer(entry, { id: 'Not An Id' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]?.path).toBe('id');
  });
});
