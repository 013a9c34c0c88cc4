import { describe, expect, it } from 'vitest';
import { june2026 } from '../../presets/src/june-2026.js';
import { scenarioJsonSchema } from './json-schema.js';
import type { ScenarioInput } from './scenario.js';
import { validateScenario, type ValidationIssue } from './validate.js';

function issuesOf(mutate: (s: ScenarioInput) => void): ValidationIssue[] {
  const s = structuredClone(june2026);
  mutate(s);
  const r = validateScenario(s);
  return r.ok ? [] : r.issues;
}

describe('validateScenario', () => {
  it('accepts the June 2026 preset and fills defaults', () => {
    const r = validateScenario(june2026);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario.world.offers[0]?.privateBenchmarkGapMonths).toBe(0);
  });

  it('names the path of an unknown offer in a fallback chain', () => {
    const issues = issuesOf((s) => (s.strategies[1]!.routes[0]!.fallbacks = ['glm-5.2-selfhostx']));
    const issue = issues.find((i) => i.path === 'strategies[1].routes[0].fallbacks[0]');
    expect(issue?.message).toMatch(/unknown offer "glm-5.2-selfhostx"/);
  });

  it('explains bounds, types, unknown fields and missing fields in words', () => {
    const issues = issuesOf((s) => {
      s.world.offers[0]!.priceUsdPerMTokens.input = -1;
      s.simulation = { ...s.simulation, runs: 1.5 };
      Object.assign(s.strategies[0]!.routes[0]!, { colour: 'red' });
      Reflect.deleteProperty(s.world, 'horizonMonths');
    });
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(byPath['world.offers[0].priceUsdPerMTokens.input']).toMatch(
      /at least 0 USD per million input tokens/,
    );
    expect(byPath['simulation.runs']).toMatch(/whole number/);
    expect(byPath['strategies[0].routes[0]']).toMatch(/unknown field "colour"/);
    expect(byPath['world.horizonMonths']).toBe('is required (a whole number of months)');
  });

  it('checks cross-references: shares, weights, ids, axes and coverage', () => {
    const issues = issuesOf((s) => {
      s.world.regions[0]!.demandShare = 0.3;
      s.strategies[1]!.routes[0]!.primary[0]!.weight = 0.5;
      s.world.shocks![0]!.scope.regions = ['mars'];
      s.world.offers[1]!.quality = { general: 50 };
      s.strategies[2]!.routes = [
        { workloads: ['swe'], primary: [{ offer: 'gpt-5.5', weight: 1 }] },
      ];
      s.world.offers[2]!.id = 'gpt-5.5';
    });
    const paths = issues.map((i) => i.path);
    expect(paths).toContain('world.regions');
    expect(paths).toContain('strategies[1].routes[0].primary');
    expect(paths).toContain('world.shocks[0].scope.regions[0]');
    expect(paths).toContain('world.offers[1].quality');
    expect(paths).toContain('strategies[2].routes');
    expect(paths).toContain('world.offers[2].id');
  });

  it('refuses a region-scoped capacity cut on an offer with a token cap, naming the offer', () => {
    const cut = {
      id: 'cn-cut',
      kind: 'capacityCut' as const,
      scope: { labJurisdictions: ['CN'], regions: ['eu'] },
      timing: { atMonth: 2 },
      capacityFactor: 0.5,
    };
    const issues = issuesOf((s) => s.world.shocks!.push(cut));
    const at = `world.shocks[${june2026.world.shocks!.length}].scope.regions`;
    const issue = issues.find((i) => i.path === at);
    expect(issue?.message).toMatch(/offer "glm-5.2-zai" has a token cap/);
    expect(issue?.message).toMatch(/remove "regions"/);
    // The same cut on every region, or on offers without a cap, is fine.
    expect(
      issuesOf((s) => s.world.shocks!.push({ ...cut, scope: { labJurisdictions: ['CN'] } })),
    ).toEqual([]);
    expect(
      issuesOf((s) =>
        s.world.shocks!.push({ ...cut, scope: { labJurisdictions: ['US'], regions: ['eu'] } }),
      ),
    ).toEqual([]);
  });

  it('warns about a shock whose scope matches no offer, and about none in the presets', () => {
    const s = structuredClone(june2026);
    s.world.shocks!.push({
      id: 'eu-ban',
      kind: 'ban',
      scope: { labJurisdictions: ['EU'] },
      timing: { hazardPerMonth: 0.01 },
    });
    const r = validateScenario(s);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([
      {
        path: `world.shocks[${june2026.world.shocks!.length}].scope`,
        message: 'matches no offer, so the shock "eu-ban" changes nothing',
      },
    ]);
    const plain = validateScenario(june2026);
    expect(plain.ok && plain.warnings).toEqual([]);
  });

  it('exports a JSON Schema that describes the scenario', () => {
    const schema = scenarioJsonSchema();
    expect(schema.title).toMatch(/schemaVersion 1/);
    expect(JSON.stringify(schema)).toContain('priceUsdPerMTokens');
  });
});
