import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '../../src/shared/messaging/messaging-tables.v1.js';
import { dropOutboxNotify, restoreOutboxNotify } from '../../src/shared/messaging/messaging-tables.v2.js';

/** The shipping module's outbox, inbox and dead letters, in its own schema (messaging tables v2). */
export class AddShippingMessaging1796349324392 implements MigrationInterface {
  name = 'AddShippingMessaging1796349324392';

  async up(db: QueryRunner): Promise<void> {
    await createMessagingTables(db, 'shipping');
    await dropOutboxNotify(db, 'shipping');
  }

  async down(db: QueryRunner): Promise<void> {
    await restoreOutboxNotify(db, 'shipping');
    await dropMessagingTables(db, 'shipping');
  }
}
