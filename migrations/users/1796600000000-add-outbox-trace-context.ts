import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addOutboxTraceContext, dropOutboxTraceContext } from '../../src/shared/messaging/messaging-tables.v3.js';

/** The users outbox keeps each event's trace context (messaging tables v3). */
export class AddUsersOutboxTraceContext1796600000000 implements MigrationInterface {
  name = 'AddUsersOutboxTraceContext1796600000000';

  async up(db: QueryRunner): Promise<void> {
    await addOutboxTraceContext(db, 'users');
  }

  async down(db: QueryRunner): Promise<void> {
    await dropOutboxTraceContext(db, 'users');
  }
}
