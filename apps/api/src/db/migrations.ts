import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './repository.js';

/**
 * Versioned database migrations, run on start. Append new ones; never edit a released one.
 * The same DDL runs on SQLite and PostgreSQL (`seq` is the only dialect-specific column).
 */
function migrations(kind: 'sqlite' | 'postgres'): Record<string, Migration> {
  return {
    '0001_scenarios_and_results': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('scenarios')
          .addColumn('seq', kind === 'sqlite' ? 'integer' : 'bigserial', (c) =>
            kind === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn('id', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('scenario_json', 'text', (c) => c.notNull())
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('schema_version', 'integer', (c) => c.notNull())
          .addColumn('engine_version', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('parent_id', 'text', (c) => c.references('scenarios.id'))
          .execute();
        await db.schema
          .createIndex('scenarios_content_hash')
          .on('scenarios')
          .column('content_hash')
          .execute();
        await db.schema
          .createIndex('scenarios_parent_id')
          .on('scenarios')
          .column('parent_id')
          .execute();
        await db.schema
          .createTable('results')
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('seed', 'text', (c) => c.notNull())
          .addColumn('runs', 'integer', (c) => c.notNull())
          .addColumn('engine_version', 'text', (c) => c.notNull())
          .addColumn('result_json', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('results_pk', ['content_hash', 'seed', 'runs', 'engine_version'])
          .execute();
        await db.schema
          .createIndex('results_created_at')
          .on('results')
          .column('created_at')
          .execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('results').execute();
        await db.schema.dropTable('scenarios').execute();
      },
    },
  };
}

export async function migrateToLatest(
  db: Kysely<Database>,
  kind: 'sqlite' | 'postgres',
): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations(kind)) };
  // On PostgreSQL, name the schema of Kysely's bookkeeping tables: unqualified, its existence
  // check looks at every schema, so another schema's kysely_migration (another app, or a
  // parallel test) would make it skip creating ours.
  const migrationTableSchema =
    kind === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]
          ?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider,
    ...(migrationTableSchema !== undefined ? { migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error');
    const reason = error instanceof Error ? error.message : 'unknown error';
    throw new Error(
      `${failed ? `database migration ${failed.migrationName}` : 'database migrations'} failed: ${reason}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
