/** Scenario migrations live with the schema, so the CLI and the API read old scenarios alike. */
export { migrateScenario, upgrades, type MigrationResult } from '@crosswind/schema';
