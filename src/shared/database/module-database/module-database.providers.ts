import { Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { HealthCheckFailed } from '../../health/health-check-failed.error.js';
import { HealthRegistry } from '../../health/health-registry.js';
import { LOGGER } from '../../observability/logger.module.js';
import { databaseFailureReason } from '../errors/database-failure-reason.js';
import { DATABASE_RUNTIME, type DatabaseRuntime } from '../database-runtime.js';
import type { ModuleDatabaseDefinition } from './module-database.definition.js';
import { openModuleDatabase } from './open-module-database.js';
import { Transactions } from '../transactions/transactions.js';

/** Closes the module's pool last, after everything that uses it has stopped (`beforeApplicationShutdown`). */
@Injectable()
class ModuleDatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** A module's own `DataSource` (own pool, own role, migrated at start when configured) and its unit of work. */
export function moduleDatabaseProviders(definition: ModuleDatabaseDefinition): Provider[] {
  const { schema } = definition;
  return [
    {
      provide: DataSource,
      inject: [DATABASE_RUNTIME, LOGGER, HealthRegistry],
      useFactory: async (runtime: DatabaseRuntime, logger: Logger, health: HealthRegistry) => {
        const dataSource = await openModuleDatabase(definition, runtime, logger, { migrate: runtime.migrateOnStart });
        health.register(`database:${schema}`, async () => {
          await dataSource.query('SELECT 1').catch((error: unknown) => {
            throw new HealthCheckFailed(databaseFailureReason(error), { cause: error });
          });
        });
        return dataSource;
      },
    },
    {
      provide: Transactions,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new Transactions(dataSource),
    },
    ModuleDatabaseLifecycle,
  ];
}
