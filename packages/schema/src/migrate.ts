import { SCHEMA_VERSION } from './scenario.js';
import { validateScenario, type ValidationIssue, type ValidationResult } from './validate.js';

/**
 * Scenarios saved by an older schema version still load: `migrateScenario` upgrades the raw
 * JSON one version at a time, with one function per old version, and the result is then
 * validated by the current schema as usual.
 *
 * Version 0 is the pre-release draft shape (no `schemaVersion` field, or `schemaVersion: 0`):
 * the world's fields sat at the top level, offers had `price: { inputUsdPerMTokens,
 * outputUsdPerMTokens }`, and `runs`/`seed` were top-level fields.
 */

type JsonObject = Record<string, unknown>;
type Upgrade = (scenario: JsonObject) => JsonObject;

const isObject = (v: unknown): v is JsonObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function v0ToV1(s: JsonObject): JsonObject {
  const {
    startMonth,
    horizonMonths,
    regions,
    offers,
    workloads,
    shocks,
    commonShocks,
    runs,
    seed,
    schemaVersion,
    ...rest
  } = s;
  void schemaVersion;
  const world: JsonObject = { startMonth, horizonMonths, regions, workloads };
  world.offers = Array.isArray(offers)
    ? offers.map((o: unknown) => {
        if (!isObject(o) || !isObject(o.price)) return o;
        const { price, ...offer } = o;
        return {
          ...offer,
          priceUsdPerMTokens: {
            input: price.inputUsdPerMTokens,
            output: price.outputUsdPerMTokens,
          },
        };
      })
    : offers;
  if (shocks !== undefined) world.shocks = shocks;
  if (commonShocks !== undefined) world.commonShocks = commonShocks;
  const simulation: JsonObject = isObject(rest.simulation) ? { ...rest.simulation } : {};
  if (runs !== undefined) simulation.runs = runs;
  if (seed !== undefined) simulation.seed = seed;
  const out: JsonObject = { schemaVersion: 1, ...rest, world };
  if (Object.keys(simulation).length > 0) out.simulation = simulation;
  return out;
}

/** `upgrades[v]` turns a version-v scenario into version v + 1. */
export const upgrades: Readonly<Record<number, Upgrade>> = { 0: v0ToV1 };

export type MigrationResult =
  { ok: true; scenario: unknown; fromVersion: number } | { ok: false; issues: ValidationIssue[] };

/** Upgrades raw scenario JSON of any known schema version to the current one. */
export function migrateScenario(raw: unknown): MigrationResult {
  if (!isObject(raw))
    return { ok: false, issues: [{ path: '(root)', message: 'a scenario must be a JSON object' }] };
  const declared = raw.schemaVersion ?? 0;
  if (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 0) {
    return { ok: false, issues: [{ path: 'schemaVersion', message: 'must be a whole number' }] };
  }
  if (declared > SCHEMA_VERSION) {
    return {
      ok: false,
      issues: [
        {
          path: 'schemaVersion',
          message: `version ${declared} is newer than this version of Crosswind understands (${SCHEMA_VERSION})`,
        },
      ],
    };
  }
  let scenario: JsonObject = raw;
  for (let v = declared; v < SCHEMA_VERSION; v++) {
    const upgrade = upgrades[v];
    if (upgrade === undefined) {
      return {
        ok: false,
        issues: [{ path: 'schemaVersion', message: `no migration from version ${v}` }],
      };
    }
    scenario = upgrade(scenario);
  }
  return { ok: true, scenario, fromVersion: declared };
}

/**
 * Reads a scenario of any known schema version: upgrades it, then validates it as usual.
 * @example const r = loadScenario(JSON.parse(text)); if (r.ok) simulate(r.scenario);
 */
export function loadScenario(raw: unknown): ValidationResult {
  const migrated = migrateScenario(raw);
  if (!migrated.ok) return { ok: false, issues: migrated.issues };
  return validateScenario(migrated.scenario);
}
