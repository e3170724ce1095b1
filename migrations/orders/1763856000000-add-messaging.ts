import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '../../src/shared/messaging/messaging-tables.v1.js';

/**
 * The orders module's outbox, inbox and dead letters, in its own schema.
 * The table definitions come from the kernel at the time of writing; later
 * changes to them get a new migration, never an edit of this one.
 */
export class AddOrdersMessaging1763856000000 implements MigrationInterface {
  name = 'AddOrdersMessaging1763856000000';

  async up(db: QueryRunner): Promise<void> {
    await createMessagingTables(db, 'orders');
  }

  async down(db: QueryRunner): Promise<void> {
    await dropMessagingTables(db, 'orders');
  }
}
