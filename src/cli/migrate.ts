import 'reflect-metadata';
import { databaseRuntime, startDatabaseServer } from '../bootstrap.js';
import { TESSERA_MODULES } from '../module-registry.js';
import { ConfigError, loadConfig } from '../shared/config/index.js';
import { openModuleDatabase, runModuleMigrations } from '../shared/database/index.js';
import { createLogger } from '../shared/observability/index.js';

/**
 * `npm run migrate`: provisions each module's role and schema and applies its
 * pending migrations, each under the module's own role and on the module's own
 * database when it has one, then exits. MODULES limits it to some modules.
 */
async function migrate(): Promise<void> {
  const config = loadConfig(process.env, { modules: TESSERA_MODULES.map((module) => module.name) });
  const logger = createLogger(config.log.level === 'silent' ? 'silent' : 'warn');
  const unknown = (config.topology.modules ?? []).filter(
    (name) => !TESSERA_MODULES.some((module) => module.name === name),
  );
  if (unknown.length > 0) {
    throw new ConfigError([
      `MODULES must name modules of this build (${TESSERA_MODULES.map((module) => module.name).join(', ')}); unknown: ${unknown.join(', ')}`,
    ]);
  }
  const modules = TESSERA_MODULES.filter((module) => config.topology.modules?.includes(module.name) ?? true);
  const server = await startDatabaseServer(
    config,
    logger,
    modules.map((module) => module.database.schema),
  );
  try {
    const runtime = databaseRuntime(config, server);
    for (const module of modules) {
      const dataSource = await openModuleDatabase(module.database, runtime, logger, { migrate: false });
      try {
        const applied = await runModuleMigrations(dataSource, module.database, runtime, logger);
        process.stdout.write(
          `${module.name}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}\n`,
        );
      } finally {
        await dataSource.destroy();
      }
    }
  } finally {
    await server?.stop();
  }
}

migrate().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) process.stderr.write(`tessera: invalid configuration: ${problem}\n`);
    process.exit(78);
  }
  process.stderr.write(`tessera: migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
