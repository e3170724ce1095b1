import { type BeforeApplicationShutdown, Injectable, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Transactions } from '../database/transactions/transactions.js';
import { LOGGER } from '../observability/logger.module.js';
import { Metrics } from '../observability/metrics.js';
import { DeadLetterRegistry } from './dead-letters/dead-letter.registry.js';
import { EventTransport } from './transport/event-transport.js';
import { Inbox } from './inbox/inbox.js';
import { readMessagingCounts } from './messaging.counts.js';
import { MESSAGING_SETTINGS, type MessagingSettings } from './messaging-settings.js';
import { Outbox } from './outbox/outbox.js';
import { OutboxRelay } from './outbox/outbox.relay.js';
import { RelayWakeUp } from './outbox/relay.wake-up.js';

/** Starts the module's relay once every module is wired; stops it before the pool closes. */
@Injectable()
class RelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

/**
 * A module's `Outbox`, `Inbox` and the relay that publishes its outbox, over the
 * `DataSource` and `Transactions` of the same module (see `moduleDatabaseProviders`).
 */
export function moduleMessagingProviders(schema: string): Provider[] {
  return [
    // One per module: its outbox wakes its relay after each commit that appended.
    { provide: RelayWakeUp, useFactory: () => new RelayWakeUp() },
    {
      provide: Outbox,
      inject: [Transactions, RelayWakeUp],
      useFactory: (transactions: Transactions, wakeUp: RelayWakeUp) => new Outbox(schema, transactions, wakeUp.wake),
    },
    {
      provide: Inbox,
      inject: [Transactions, MESSAGING_SETTINGS, Metrics, LOGGER, DeadLetterRegistry],
      useFactory: (
        transactions: Transactions,
        settings: MessagingSettings,
        metrics: Metrics,
        logger: Logger,
        registry: DeadLetterRegistry,
      ) => {
        const inbox = new Inbox(schema, transactions, settings, metrics, logger);
        registry.register(inbox);
        return inbox;
      },
    },
    {
      provide: OutboxRelay,
      inject: [DataSource, Transactions, RelayWakeUp, EventTransport, MESSAGING_SETTINGS, Metrics, LOGGER],
      useFactory: (
        dataSource: DataSource,
        transactions: Transactions,
        wakeUp: RelayWakeUp,
        transport: EventTransport,
        settings: MessagingSettings,
        metrics: Metrics,
        logger: Logger,
      ) => {
        // A few cheap counts when scraped, rather than tracking every change.
        metrics.registerCollector(async () => {
          const { outboxBacklog, deadLetters } = await readMessagingCounts((sql) => dataSource.query(sql), schema);
          metrics.outboxBacklog.set({ module: schema }, outboxBacklog);
          metrics.deadLetters.set({ module: schema }, deadLetters);
        });
        return new OutboxRelay(schema, transactions, wakeUp, transport, settings, metrics, logger);
      },
    },
    RelayLifecycle,
  ];
}
