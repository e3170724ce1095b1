import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ModuleDatabaseDefinition } from '../database/module-database/module-database.definition.js';
import { moduleDatabaseProviders } from '../database/module-database/module-database.providers.js';
import { Transactions } from '../database/transactions/transactions.js';
import { Inbox } from '../messaging/inbox/inbox.js';
import { moduleMessagingProviders } from '../messaging/module-messaging.providers.js';
import { Outbox } from '../messaging/outbox/outbox.js';
import { OutboxRelay } from '../messaging/outbox/outbox.relay.js';
import { readMessagingCounts } from '../messaging/messaging.counts.js';
import { ModuleStatusRegistry } from './module-status.registry.js';

/** The module's registration with the status registry: a provider, so that it happens when the module is built. */
const MODULE_STATUS = Symbol('MODULE_STATUS');

/**
 * What a module gets from the kernel for its own data: its `DataSource` (own
 * pool, own role), its unit of work (`Transactions`), its `Outbox` and `Inbox`,
 * and the relay that publishes its outbox. Imported by that module only, so
 * these tokens always resolve to the module's own instances. One dynamic
 * module, so the messaging providers see this module's database and no other.
 */
@Module({})
export class ModuleRuntimeModule {
  static forModule(definition: ModuleDatabaseDefinition): DynamicModule {
    return {
      module: ModuleRuntimeModule,
      providers: [
        ...moduleDatabaseProviders(definition),
        ...moduleMessagingProviders(definition.schema),
        {
          // Operators see how the module's messaging stands (ModuleStatusRegistry), read when they ask.
          provide: MODULE_STATUS,
          inject: [DataSource, ModuleStatusRegistry],
          useFactory: (dataSource: DataSource, statuses: ModuleStatusRegistry) =>
            statuses.registerLocal(definition.schema, () =>
              readMessagingCounts((sql) => dataSource.query(sql), definition.schema),
            ),
        },
      ],
      exports: [DataSource, Transactions, Outbox, Inbox, OutboxRelay],
    };
  }
}
