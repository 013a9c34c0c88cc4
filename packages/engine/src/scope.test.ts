import { validateScenario, type ScenarioInput } from '@crosswind/schema';
import { describe, expect, it } from 'vitest';
import { june2026 } from './fixtures.js';
import { scopedOffers } from './processes/scope.js';
import type { CompileContext } from './world/process.js';

/** The offers the June 2026 Fable ban covers, with one more Fable 5 offer and the ban scoped as given. */
function fableBanHits(scope: { offers?: string[]; models?: string[] }): string[] {
  const doc: ScenarioInput = structuredClone(june2026);
  const fable = doc.world.offers.find((o) => o.id === 'fable-5');
  if (!fable) throw new Error('june-2026 lost fable-5');
  doc.world.offers.push({
    ...fable,
    id: 'fable-5-bedrock-eu',
    name: 'Fable 5 via AWS Bedrock (EU)',
    host: 'AWS Bedrock (EU)',
    hostJurisdiction: 'EU',
  });
  const ban = doc.world.shocks?.find((s) => s.id === 'fable-ban-non-us');
  if (!ban) throw new Error('june-2026 lost its Fable ban');
  ban.scope = { ...scope, regions: ['eu', 'apac'] };
  const v = validateScenario(doc);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  const compiledBan = v.scenario.world.shocks.find((s) => s.id === 'fable-ban-non-us');
  if (!compiledBan) throw new Error('ban lost in validation');
  // The function every process compiles its scope with.
  const hits = scopedOffers({ scenario: v.scenario } as CompileContext, compiledBan.scope);
  return [...hits].map((i) => v.scenario.world.offers[i]?.id ?? '?');
}

describe('shock scope by model', () => {
  it('a ban scoped by model reaches the same model through every host', () => {
    expect(fableBanHits({ models: ['Fable 5'] })).toEqual(['fable-5', 'fable-5-bedrock-eu']);
  });

  it('a ban scoped by offer misses the same model through another host', () => {
    expect(fableBanHits({ offers: ['fable-5'] })).toEqual(['fable-5']);
  });
});
