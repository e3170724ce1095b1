import { Client } from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { DatabaseRuntime } from '../database-runtime.js';
import type { ModuleDatabaseDefinition } from './module-database.definition.js';
import { moduleConnectionUrl } from './module-role.js';
import { provisionModuleSchemas } from './schema-provisioner.js';

/**
 * Opens a module's own connection pool, under its own role, after making sure
 * its schema and role exist; runs its migrations when asked to. Used by the
 * Nest provider at start-up and by `npm run migrate`.
 */
export async function openModuleDatabase(
  definition: ModuleDatabaseDefinition,
  runtime: DatabaseRuntime,
  logger: Logger,
  options: {
    migrate: boolean;
    /** Only `npm run extract`, which moves a module back where it was moved from. */ allowMoved?: boolean;
  },
): Promise<DataSource> {
  const { schema } = definition;
  const adminUrl = runtime.adminUrlFor(schema);
  await provisionModuleSchemas(adminUrl, [schema], logger, { allowMoved: options.allowMoved });
  const dataSource = new DataSource({
    type: 'postgres',
    url: moduleConnectionUrl(schema, adminUrl),
    schema,
    entities: definition.entities,
    migrations: definition.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    applicationName: `tessera:${schema}`,
    poolSize: runtime.poolSize,
    extra: {
      statement_timeout: runtime.statementTimeoutMs,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    },
  });
  await dataSource.initialize();
  try {
    if (options.migrate) await runModuleMigrations(dataSource, definition, runtime, logger);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/**
 * Applies a module's pending migrations under its own role; returns their names.
 * Serialised per schema with an advisory lock, so instances starting together do not race.
 */
export async function runModuleMigrations(
  dataSource: DataSource,
  definition: ModuleDatabaseDefinition,
  runtime: DatabaseRuntime,
  logger: Logger,
): Promise<string[]> {
  const { schema } = definition;
  const lock = new Client({ connectionString: moduleConnectionUrl(schema, runtime.adminUrlFor(schema)) });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`tessera.migrations.${schema}`]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) logger.info({ schema, migration: migration.name }, 'migration applied');
    return applied.map((migration) => migration.name);
  } finally {
    await lock.end();
  }
}
