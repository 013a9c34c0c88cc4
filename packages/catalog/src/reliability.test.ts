import { offerSchema } from '@crosswind/schema';
import { describe, expect, it } from 'vitest';
import { catalog, findCatalogOffer } from './catalog.js';
import { assumedReliabilityFields, reliabilityDefaults } from './reliability.js';

describe('reliabilityDefaults', () => {
  it('gives a CN lab’s own API outages, overload and its preset cap', () => {
    const d = reliabilityDefaults({ lab: 'DeepSeek', host: 'DeepSeek API', labJurisdiction: 'CN' });
    expect(d.outages.ratePerMonth).toBe(8.25);
    expect(d.overload?.medianHours).toBe(24);
    expect(d.capacityMTokensPerMonth).toBe(20_000);
  });

  it('gives a reseller of a closed model the host profile, not the lab’s', () => {
    const d = reliabilityDefaults({
      lab: 'Anthropic',
      host: 'AWS Bedrock (EU)',
      labJurisdiction: 'US',
    });
    expect(d.outages.ratePerMonth).toBe(3);
    expect(d.overload).toBeUndefined();
    expect(d.capacityMTokensPerMonth).toBeUndefined();
    expect(d.basis).toContain('third-party host');
  });

  it('falls back to the CN profile for a CN lab without preset figures', () => {
    const d = reliabilityDefaults({
      lab: 'Alibaba',
      host: 'Alibaba DashScope',
      labJurisdiction: 'CN',
    });
    expect(d.capacityMTokensPerMonth).toBe(10_000);
    expect(d.overload).toBeDefined();
  });

  it('gives every catalogue offer outages that the schema accepts', () => {
    for (const c of catalog) {
      const d = reliabilityDefaults(c);
      const { basis: _basis, ...fields } = d;
      const parsed = offerSchema.partial().safeParse(fields);
      expect(parsed.success, c.id).toBe(true);
      expect(d.outages.ratePerMonth, c.id).toBeGreaterThan(0);
    }
  });

  it('returns copies, so editing one offer cannot change the table', () => {
    const a = reliabilityDefaults({ lab: 'Zhipu', host: 'Z.ai API', labJurisdiction: 'CN' });
    a.outages.durationHours.mu = 99;
    const b = reliabilityDefaults({ lab: 'Zhipu', host: 'Z.ai API', labJurisdiction: 'CN' });
    expect(b.outages.durationHours.mu).toBe(0.23);
  });
});

describe('assumedReliabilityFields', () => {
  const entry = findCatalogOffer('moonshot/kimi-k2.6');
  if (!entry) throw new Error('catalogue lost moonshot/kimi-k2.6');
  const { basis: _basis, ...defaults } = reliabilityDefaults(entry);

  it('marks the fields that still hold the catalogue’s assumption', () => {
    expect(assumedReliabilityFields({ ...entry, ...defaults })).toEqual([
      'outages',
      'overload',
      'capacityMTokensPerMonth',
    ]);
  });

  it('stops marking a field once the user changed it', () => {
    expect(
      assumedReliabilityFields({ ...entry, ...defaults, capacityMTokensPerMonth: 12_000 }),
    ).toEqual(['outages', 'overload']);
  });

  it('marks nothing on a self-hosted offer', () => {
    expect(assumedReliabilityFields({ ...entry, ...defaults, kind: 'selfHost' })).toEqual([]);
  });
});
