import { describe, expect, it } from 'vitest';
import { june2026 } from '../../presets/src/june-2026.js';
import { loadScenario, migrateScenario } from './migrate.js';
import { SCHEMA_VERSION } from './scenario.js';
import { validateScenario } from './validate.js';

/** June 2026 as the pre-release draft (version 0) wrote it: world fields at the top level. */
function draftV0(): Record<string, unknown> {
  const { world, simulation, schemaVersion, ...rest } = structuredClone(june2026);
  void schemaVersion;
  return {
    ...rest,
    ...world,
    offers: world.offers.map(({ priceUsdPerMTokens, ...o }) => ({
      ...o,
      price: {
        inputUsdPerMTokens: priceUsdPerMTokens.input,
        outputUsdPerMTokens: priceUsdPerMTokens.output,
      },
    })),
    runs: simulation?.runs,
    seed: simulation?.seed,
  };
}

describe('scenario migrations', () => {
  it('reads a version-0 draft as the same scenario as today', () => {
    const r = loadScenario(draftV0());
    const today = validateScenario(june2026);
    expect(r.ok && today.ok).toBe(true);
    if (r.ok && today.ok) expect(r.scenario).toEqual(today.scenario);
  });

  it('passes the current version through unchanged, and refuses newer or malformed versions', () => {
    const same = migrateScenario(june2026);
    expect(same.ok && same.scenario).toBe(june2026);
    const newer = migrateScenario({ ...june2026, schemaVersion: SCHEMA_VERSION + 1 });
    expect(newer.ok).toBe(false);
    if (!newer.ok) expect(newer.issues[0]?.path).toBe('schemaVersion');
    expect(migrateScenario([]).ok).toBe(false);
    expect(migrateScenario({ ...june2026, schemaVersion: 'one' }).ok).toBe(false);
  });
});
