import type { MigrationInterface, QueryRunner } from 'typeorm';
import { dropOutboxNotify, restoreOutboxNotify } from '../../src/shared/messaging/messaging-tables.v2.js';

/** The catalog outbox stops NOTIFYing at commit: its relay is woken in process (messaging tables v2). */
export class DropCatalogOutboxNotify1796299200000 implements MigrationInterface {
  name = 'DropCatalogOutboxNotify1796299200000';

  async up(db: QueryRunner): Promise<void> {
    await dropOutboxNotify(db, 'catalog');
  }

  async down(db: QueryRunner): Promise<void> {
    await restoreOutboxNotify(db, 'catalog');
  }
}
