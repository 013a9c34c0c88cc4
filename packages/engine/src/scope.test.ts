import { validateScenario, type ScenarioInput } from '@crosswind/schema';
import { describe, expect, it } from 'vitest';
import { june2026 } from './fixtures.js';
import { prepareScenario } from './compile/prepare.js';

/** June 2026 with one more Fable 5 offer (another host) and the Fable ban scoped as given. */
function withFableBan(scope: { offers?: string[]; models?: string[] }) {
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
  const p = prepareScenario(v.scenario, 1);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  const sw = p.value.processes.bansAndCuts.list.find((s) => s.id === 'fable-ban-non-us');
  if (!sw) throw new Error('ban not compiled');
  const R = v.scenario.world.regions.length;
  const hit = v.scenario.world.offers
    .map((o, i) => (sw.mask.slice(i * R, i * R + R).some((x) => x === 1) ? o.id : ''))
    .filter(Boolean);
  return hit;
}

describe('shock scope by model', () => {
  it('a ban scoped by model reaches the same model through every host', () => {
    expect(withFableBan({ models: ['Fable 5'] })).toEqual(['fable-5', 'fable-5-bedrock-eu']);
  });

  it('a ban scoped by offer misses the same model through another host', () => {
    expect(withFableBan({ offers: ['fable-5'] })).toEqual(['fable-5']);
  });
});
