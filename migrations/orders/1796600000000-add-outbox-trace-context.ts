import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addOutboxTraceContext, dropOutboxTraceContext } from '../../src/shared/messaging/messaging-tables.v3.js';

/** The orders outbox keeps each event's trace context (messaging tables v3). */
export class AddOrdersOutboxTraceContext1796600000000 implements MigrationInterface {
  name = 'AddOrdersOutboxTraceContext1796600000000';

  async up(db: QueryRunner): Promise<void> {
    await addOutboxTraceContext(db, 'orders');
  }

  async down(db: QueryRunner): Promise<void> {
    await dropOutboxTraceContext(db, 'orders');
  }
}
