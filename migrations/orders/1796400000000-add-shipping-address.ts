import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orders may carry a shipping address; orders placed before, or without one, keep NULL. */
export class AddOrdersShippingAddress1796400000000 implements MigrationInterface {
  name = 'AddOrdersShippingAddress1796400000000';

  async up(db: QueryRunner): Promise<void> {
    // Nullable with no default: adding it rewrites nothing, whatever the table's size.
    await db.query('ALTER TABLE orders.orders ADD COLUMN shipping_address jsonb');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE orders.orders DROP COLUMN shipping_address');
  }
}
