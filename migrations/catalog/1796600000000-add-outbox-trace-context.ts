import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addOutboxTraceContext, dropOutboxTraceContext } from '../../src/shared/messaging/messaging-tables.v3.js';

/** The catalog outbox keeps each event's trace context (messaging tables v3). */
export class AddCatalogOutboxTraceContext1796600000000 implements MigrationInterface {
  name = 'AddCatalogOutboxTraceContext1796600000000';

  async up(db: QueryRunner): Promise<void> {
    await addOutboxTraceContext(db, 'catalog');
  }

  async down(db: QueryRunner): Promise<void> {
    await dropOutboxTraceContext(db, 'catalog');
  }
}
