import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stock adjustments sent with an Idempotency-Key: a retried request finds its
 * key here and changes nothing a second time.
 */
export class CreateStockAdjustments1795300000001 implements MigrationInterface {
  name = 'CreateStockAdjustments1795300000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE catalog.stock_adjustments (
        product_id      uuid NOT NULL REFERENCES catalog.products (id),
        idempotency_key text NOT NULL,
        delta           integer NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (product_id, idempotency_key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE catalog.stock_adjustments');
  }
}
