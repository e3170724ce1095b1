import { type BeforeApplicationShutdown, type DynamicModule, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { HealthRegistry } from '../health/health-registry.js';
import { DeadLetterRegistry } from '../messaging/dead-letter.registry.js';
import { EventTransport } from '../messaging/event-transport.js';
import { Inbox } from '../messaging/inbox.js';
import { MESSAGING_SETTINGS, type MessagingSettings } from '../messaging/messaging-settings.js';
import { Outbox } from '../messaging/outbox.js';
import { OutboxRelay } from '../messaging/outbox.relay.js';
import { LOGGER } from '../observability/logger.module.js';
import { Metrics } from '../observability/metrics.js';
import { DATABASE_RUNTIME, type DatabaseRuntime } from './database-runtime.js';
import type { ModuleDatabaseDefinition } from './module-database.definition.js';
import { moduleConnectionUrl } from './module-role.js';
import { openModuleDatabase } from './open-module-database.js';
import { Transactions } from './transactions.js';

/** Starts the module's relay once every module is wired; stops it before the pool closes. */
@Injectable()
class ModuleDatabaseLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * What a module gets from the kernel for its own data: its `DataSource` (own
 * pool, own role), its unit of work (`Transactions`), its `Outbox` and `Inbox`,
 * and the relay that publishes its outbox. Imported by that module only, so
 * these tokens always resolve to the module's own instances.
 */
@Module({})
export class ModuleDatabaseModule {
  static forModule(definition: ModuleDatabaseDefinition): DynamicModule {
    const { schema } = definition;
    return {
      module: ModuleDatabaseModule,
      providers: [
        {
          provide: DataSource,
          inject: [DATABASE_RUNTIME, LOGGER, HealthRegistry],
          useFactory: async (runtime: DatabaseRuntime, logger: Logger, health: HealthRegistry) => {
            const dataSource = await openModuleDatabase(definition, runtime, logger, { migrate: runtime.migrateOnStart });
            health.register(`database:${schema}`, async () => {
              await dataSource.query('SELECT 1');
            });
            return dataSource;
          },
        },
        { provide: Transactions, inject: [DataSource], useFactory: (dataSource: DataSource) => new Transactions(dataSource) },
        { provide: Outbox, inject: [Transactions], useFactory: (transactions: Transactions) => new Outbox(schema, transactions) },
        {
          provide: Inbox,
          inject: [Transactions, MESSAGING_SETTINGS, Metrics, LOGGER, DeadLetterRegistry],
          useFactory: (transactions: Transactions, settings: MessagingSettings, metrics: Metrics, logger: Logger, registry: DeadLetterRegistry) => {
            const inbox = new Inbox(schema, transactions, settings, metrics, logger);
            registry.register(inbox);
            return inbox;
          },
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, Transactions, DATABASE_RUNTIME, EventTransport, MESSAGING_SETTINGS, Metrics, LOGGER, Inbox],
          useFactory: (
            dataSource: DataSource,
            transactions: Transactions,
            runtime: DatabaseRuntime,
            transport: EventTransport,
            settings: MessagingSettings,
            metrics: Metrics,
            logger: Logger,
            inbox: Inbox,
          ) => {
            // Two cheap counts when scraped, rather than tracking every change.
            metrics.registerCollector(async () => {
              const rows: { n: number }[] = await dataSource.query(`SELECT count(*)::int AS n FROM ${schema}.outbox WHERE delivered_at IS NULL`);
              metrics.outboxBacklog.set({ module: schema }, rows[0]?.n ?? 0);
              metrics.deadLetters.set({ module: schema }, await inbox.countDeadLetters());
            });
            const listenUrl = moduleConnectionUrl(schema, runtime.adminUrlFor(schema));
            return new OutboxRelay(schema, transactions, listenUrl, transport, settings, metrics, logger);
          },
        },
        ModuleDatabaseLifecycle,
      ],
      exports: [DataSource, Transactions, Outbox, Inbox, OutboxRelay],
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
