import { randomUUID } from 'node:crypto';
import { type DynamicModule, Injectable, Module } from '@nestjs/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ModuleRuntimeModule } from '../../src/shared/module-runtime/module-runtime.module.js';
import { Transactions } from '../../src/shared/database/transactions/transactions.js';
import { defineIntegrationEvent, type EventPayload } from '../../src/shared/messaging/events/integration-event.js';
import type {
  IntegrationEventHandler,
  ReceivedEvent,
} from '../../src/shared/messaging/events/integration-event-handler.js';
import { integrationEventHandlers } from '../../src/shared/messaging/events/integration-event-handlers.provider.js';
import { createMessagingTables } from '../../src/shared/messaging/messaging-tables.v1.js';
import { dropOutboxNotify } from '../../src/shared/messaging/messaging-tables.v2.js';
import { addOutboxTraceContext } from '../../src/shared/messaging/messaging-tables.v3.js';
import { Outbox } from '../../src/shared/messaging/outbox/outbox.js';
import { OutboxRelay } from '../../src/shared/messaging/outbox/outbox.relay.js';
import { moduleConnectionUrl } from '../../src/shared/database/module-database/module-role.js';
import type { TestApp } from './test-app.js';
import { withClient } from './test-database.js';

/**
 * Two throw-away modules that exercise the messaging kernel on its own:
 * `probe` publishes `probe.thing-happened.v1`, `listener` records what it
 * handles and can be told to fail.
 */
export const ThingHappenedV1 = defineIntegrationEvent({
  type: 'probe.thing-happened.v1',
  description: 'Test event.',
  shape: (p) => ({ thing: p.string('thing'), sequence: p.integer('sequence', { min: 0 }) }),
});
export type ThingHappenedV1 = EventPayload<typeof ThingHappenedV1>;

class CreateProbeSchema1700000000000 implements MigrationInterface {
  name = 'CreateProbeSchema1700000000000';
  async up(db: QueryRunner): Promise<void> {
    await createMessagingTables(db, 'probe');
    await dropOutboxNotify(db, 'probe');
    await addOutboxTraceContext(db, 'probe');
  }
  async down(): Promise<void> {}
}

class CreateListenerSchema1700000000000 implements MigrationInterface {
  name = 'CreateListenerSchema1700000000000';
  async up(db: QueryRunner): Promise<void> {
    await createMessagingTables(db, 'listener');
    await dropOutboxNotify(db, 'listener');
    await addOutboxTraceContext(db, 'listener');
    await db.query(
      'CREATE TABLE listener.seen (seq bigint GENERATED ALWAYS AS IDENTITY, event_id uuid NOT NULL, aggregate_id text NOT NULL, thing text NOT NULL, sequence int NOT NULL)',
    );
  }
  async down(): Promise<void> {}
}

/** The publishing side: exposes its unit of work, outbox and relay to the test. */
@Injectable()
export class ProbePublisher {
  constructor(
    readonly transactions: Transactions,
    readonly outbox: Outbox,
    readonly relay: OutboxRelay,
  ) {}
}

@Injectable()
export class ListenerState {
  /** While set, the handler throws this message. */
  failWith: string | undefined;
  /** The handler throws on this many more calls for an event of sequence 0, then succeeds (its successors never fail). */
  failuresLeft = 0;
  /** The handler hits this many more deadlocks (a passing database failure) on an event of sequence 0. */
  deadlocksLeft = 0;
  handledCalls = 0;
}

@Injectable()
export class RecordThing implements IntegrationEventHandler<ThingHappenedV1> {
  static readonly event = ThingHappenedV1;
  readonly name = 'listener.record-thing';

  constructor(
    private readonly transactions: Transactions,
    private readonly state: ListenerState,
  ) {}

  async handle({ envelope, payload }: ReceivedEvent<ThingHappenedV1>): Promise<void> {
    this.state.handledCalls += 1;
    await this.transactions
      .manager()
      .query('INSERT INTO listener.seen (event_id, aggregate_id, thing, sequence) VALUES ($1, $2, $3, $4)', [
        envelope.id,
        envelope.aggregateId,
        payload.thing,
        payload.sequence,
      ]);
    // Fails after writing, so a failure also proves the write is rolled back with the inbox mark.
    if (this.state.failWith) throw new Error(this.state.failWith);
    if (this.state.deadlocksLeft > 0 && payload.sequence === 0) {
      this.state.deadlocksLeft -= 1;
      throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    }
    if (this.state.failuresLeft > 0 && payload.sequence === 0) {
      this.state.failuresLeft -= 1;
      throw new Error('a passing failure');
    }
  }
}

@Module({})
class ProbeModule {}

@Module({})
class ListenerModule {}

export const listenerState = new ListenerState();

/** Puts the listener back to handling every event. */
export function resetListener(): void {
  listenerState.failWith = undefined;
  listenerState.failuresLeft = 0;
  listenerState.deadlocksLeft = 0;
}

/** What the kernel tests do with the probe modules of a running app: publish a thing, and see what the listener recorded. */
export function probeActions(app: () => TestApp) {
  const probe = () => app().running.app.get(ProbePublisher);
  return {
    publish: (thing: string, sequence = 0, aggregateId: string = randomUUID()) =>
      probe().transactions.run(() => probe().outbox.append(ThingHappenedV1, aggregateId, { thing, sequence })),
    seen: (thing: string) =>
      withClient(moduleConnectionUrl('listener', app().database.url), (client) =>
        client.query<{ event_id: string; aggregate_id: string; sequence: number }>(
          'SELECT event_id, aggregate_id, sequence FROM listener.seen WHERE thing = $1 ORDER BY seq',
          [thing],
        ),
      ).then((result) => result.rows),
  };
}

export function probeModules(): DynamicModule[] {
  return [
    {
      module: ProbeModule,
      global: true,
      imports: [
        ModuleRuntimeModule.forModule({ schema: 'probe', entities: [], migrations: [CreateProbeSchema1700000000000] }),
      ],
      providers: [ProbePublisher],
      exports: [ProbePublisher],
    },
    {
      module: ListenerModule,
      imports: [
        ModuleRuntimeModule.forModule({
          schema: 'listener',
          entities: [],
          migrations: [CreateListenerSchema1700000000000],
        }),
      ],
      providers: [
        { provide: ListenerState, useValue: listenerState },
        RecordThing,
        integrationEventHandlers(RecordThing),
      ],
    },
  ];
}
