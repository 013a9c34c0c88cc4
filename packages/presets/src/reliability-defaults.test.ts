import { reliabilityDefaults } from '@crosswind/catalog';
import { describe, expect, it } from 'vitest';
import { euSovereignty } from './eu-sovereignty.js';
import { june2026 } from './june-2026.js';

// The catalogue's assumed outages, overload and caps for new offers are derived from the presets'
// vendors (packages/catalog/src/reliability.ts). The catalogue cannot import the presets (they
// import it), so this test keeps the two in step: every API offer of the presets whose vendor
// the table covers must carry exactly the table's figures.
describe('catalogue reliability defaults match the presets’ vendors', () => {
  const offers = [...june2026.world.offers, ...euSovereignty.world.offers].filter(
    (o) => o.kind === 'api',
  );

  it.each(offers.map((o) => [o.id, o] as const))('%s', (_id, offer) => {
    const { basis, ...d } = reliabilityDefaults(offer);
    expect(basis).not.toBe('');
    expect(offer.outages).toEqual(d.outages);
    // Capacity and overload of CN labs' own APIs, and their absence elsewhere.
    expect(offer.overload).toEqual(d.overload);
    expect(offer.capacityMTokensPerMonth).toEqual(d.capacityMTokensPerMonth);
  });
});
