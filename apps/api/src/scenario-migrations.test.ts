import { SCHEMA_VERSION, validateScenario } from '@crosswind/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from './ids.js';
import { migrateScenario, upgrades } from './scenario-migrations.js';
import { smallScenario } from './testing/fixtures.js';
import { request, startTestServer, type TestServer } from './testing/server.js';

/** The small fixture as the pre-release draft (version 0) wrote it. */
function draftV0(): Record<string, unknown> {
  const s = smallScenario();
  return {
    name: s.name,
    startMonth: s.world.startMonth,
    horizonMonths: s.world.horizonMonths,
    regions: s.world.regions,
    workloads: s.world.workloads,
    shocks: s.world.shocks,
    offers: s.world.offers.map(({ priceUsdPerMTokens, ...o }) => ({
      ...o,
      price: {
        inputUsdPerMTokens: priceUsdPerMTokens.input,
        outputUsdPerMTokens: priceUsdPerMTokens.output,
      },
    })),
    strategies: s.strategies,
    runs: s.simulation?.runs,
    seed: s.simulation?.seed,
  };
}

describe('migrateScenario', () => {
  it('has an upgrade for every version below the current one', () => {
    for (let v = 0; v < SCHEMA_VERSION; v++)
      expect(upgrades[v], `upgrade from ${v}`).toBeTypeOf('function');
  });

  it('upgrades a version-0 draft to the current schema, equal to the same scenario written today', () => {
    const migrated = migrateScenario(draftV0());
    expect(migrated.ok).toBe(true);
    if (!migrated.ok) return;
    expect(migrated.fromVersion).toBe(0);
    const fromDraft = validateScenario(migrated.scenario);
    const current = validateScenario({ ...smallScenario(), simulation: { runs: 200, seed: 7 } });
    expect(fromDraft.ok && current.ok).toBe(true);
    if (fromDraft.ok && current.ok) expect(fromDraft.scenario).toEqual(current.scenario);
  });

  it('leaves current scenarios alone and refuses unknown versions', () => {
    const s = smallScenario();
    expect(migrateScenario(s)).toEqual({ ok: true, scenario: s, fromVersion: SCHEMA_VERSION });
    expect(migrateScenario({ ...s, schemaVersion: SCHEMA_VERSION + 1 })).toMatchObject({
      ok: false,
      issues: [{ path: 'schemaVersion' }],
    });
    expect(migrateScenario({ ...s, schemaVersion: 'one' })).toMatchObject({
      ok: false,
      issues: [{ path: 'schemaVersion' }],
    });
    expect(migrateScenario([])).toMatchObject({ ok: false });
  });
});

describe('scenarios saved by an older schema version', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('still load and simulate through the API', async () => {
    const id = newId();
    await server.runtime.repo.insertScenario({
      id,
      name: 'old draft',
      scenarioJson: JSON.stringify(draftV0()),
      contentHash: 'old',
      schemaVersion: 0,
      engineVersion: '0.0.1',
      createdAt: '2026-05-01T00:00:00.000Z',
      parentId: null,
    });
    const got = await request(`${server.url}/api/v1/scenarios/${id}`);
    expect(got.status, got.text).toBe(200);
    expect(got.body).toMatchObject({
      id,
      schemaVersion: 0,
      scenario: { schemaVersion: SCHEMA_VERSION, world: { horizonMonths: 12 } },
    });
    const sim = await request(`${server.url}/api/v1/simulations`, {
      json: { scenarioId: id, runs: 20 },
    });
    expect(sim.status, sim.text).toBe(200);
  });
});
