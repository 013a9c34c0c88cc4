import { findCatalogOffer, toOffer } from '@crosswind/catalog';
import { getPreset } from '@crosswind/presets';
import type { ScenarioInput } from '@crosswind/schema';
import { describe, expect, it } from 'vitest';
import { insertAt } from './editor-ops';
import { banEscapes, offerInScope, scopeMode, scopeOffersText, switchScopeMode } from './scope';

const june = getPreset('june-2026')?.scenario;
if (!june) throw new Error('june-2026 preset missing');

function withBedrockFable(doc: ScenarioInput): ScenarioInput {
  const entry = findCatalogOffer('eu.anthropic.claude-fable-5');
  if (!entry) throw new Error('catalogue lost Fable 5 via Bedrock (EU)');
  const r = toOffer(entry, { quality: { general: 59.9, coding: 76.5 } });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return insertAt(doc, 'world.offers', r.offer);
}

describe('banEscapes', () => {
  it('finds nothing in June 2026 as shipped', () => {
    expect(banEscapes(june)).toEqual([]);
  });

  it('warns when Fable 5 via Bedrock (EU) escapes the offer-scoped Fable 5 ban', () => {
    const doc = withBedrockFable(june);
    expect(banEscapes(doc)).toEqual([
      {
        shock: 0,
        shockName: 'Fable 5 barred for non-US users',
        offers: [
          {
            id: 'claude-fable-5-bedrock-eu',
            name: 'Anthropic Fable 5 via AWS Bedrock (EU)',
            model: 'Fable 5',
          },
        ],
      },
    ]);
  });

  it('is satisfied once the ban names the model instead of the offer', () => {
    const doc = withBedrockFable(june);
    const ban = doc.world.shocks?.[0];
    if (!ban) throw new Error('no ban');
    ban.scope = switchScopeMode(
      ban.scope,
      'models',
      doc.world.offers.filter((o) => o.id === 'fable-5'),
    );
    expect(ban.scope).toEqual({ regions: ['eu', 'apac'], models: ['Fable 5'] });
    expect(banEscapes(doc)).toEqual([]);
    expect(scopeOffersText(doc, ban.scope)).toBe(
      'Anthropic Fable 5, Anthropic Fable 5 via AWS Bedrock (EU)',
    );
  });
});

describe('scope modes', () => {
  it('reads how a scope was written', () => {
    expect(scopeMode({ offers: ['a'] })).toBe('offers');
    expect(scopeMode({ models: ['Fable 5'], regions: ['eu'] })).toBe('models');
    expect(scopeMode({ labs: ['Zhipu'] })).toBe('labs');
    expect(scopeMode({ labJurisdictions: ['CN'] })).toBe('rules');
    expect(scopeMode({ labs: ['Zhipu'], offers: ['a'] })).toBe('rules');
    expect(scopeMode({})).toBe('offers');
  });

  it('keeps the offers a scope hits when switching to labs', () => {
    const cnBan = june.world.shocks?.[1];
    if (!cnBan) throw new Error('no CN ban');
    const hit = june.world.offers.filter((o) => offerInScope(o, cnBan.scope));
    expect(hit.map((o) => o.id)).toEqual(['glm-5.2-zai', 'deepseek-v4-pro', 'kimi-k2.6']);
    expect(switchScopeMode(cnBan.scope, 'labs', hit)).toEqual({
      regions: ['us'],
      labs: ['Zhipu', 'DeepSeek', 'Moonshot'],
    });
  });
});
