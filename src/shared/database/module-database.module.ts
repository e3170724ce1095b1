import { type DynamicModule, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { HealthRegistry } from '../health/health-registry.js';
import { LOGGER } from '../observability/logger.module.js';
import { DATABASE_RUNTIME, type DatabaseRuntime } from './database-runtime.js';
import type { ModuleDatabaseDefinition } from './module-database.definition.js';
import { openModuleDatabase } from './open-module-database.js';

@Injectable()
class ModuleDatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * A module's own `DataSource`: imported by that module only, so `DataSource`
 * injected inside a module is always its own pool, under its own role.
 */
@Module({})
export class ModuleDatabaseModule {
  static forModule(definition: ModuleDatabaseDefinition): DynamicModule {
    return {
      module: ModuleDatabaseModule,
      providers: [
        {
          provide: DataSource,
          inject: [DATABASE_RUNTIME, LOGGER, HealthRegistry],
          useFactory: async (runtime: DatabaseRuntime, logger: Logger, health: HealthRegistry) => {
            const dataSource = await openModuleDatabase(definition, runtime, logger, { migrate: runtime.migrateOnStart });
            health.register(`database:${definition.schema}`, async () => {
              await dataSource.query('SELECT 1');
            });
            return dataSource;
          },
        },
        ModuleDatabaseLifecycle,
      ],
      exports: [DataSource],
    };
  }
}

/** Makes the process's database runtime available to every module database. */
@Module({})
export class DatabaseModule {
  static forRoot(runtime: DatabaseRuntime): DynamicModule {
    return { module: DatabaseModule, global: true, providers: [{ provide: DATABASE_RUNTIME, useValue: runtime }], exports: [DATABASE_RUNTIME] };
  }
}

