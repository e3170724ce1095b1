import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrders1763769600000 implements MigrationInterface {
  name = 'CreateOrders1763769600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE orders.orders (
        id                  uuid PRIMARY KEY,
        customer_id         uuid NOT NULL,
        status              text NOT NULL,
        total_cents         bigint NOT NULL,
        reason              text,
        idempotency_key     text,
        request_fingerprint text,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        version             integer NOT NULL DEFAULT 1,
        CONSTRAINT orders_status_known CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED')),
        CONSTRAINT orders_total_not_negative CHECK (total_cents >= 0),
        CONSTRAINT orders_customer_idempotency_key UNIQUE (customer_id, idempotency_key)
      )`);
    await db.query('CREATE INDEX orders_customer_newest ON orders.orders (customer_id, id DESC)');
    await db.query(`
      CREATE TABLE orders.order_lines (
        order_id         uuid NOT NULL REFERENCES orders.orders (id) ON DELETE CASCADE,
        line_no          smallint NOT NULL,
        product_id       uuid NOT NULL,
        quantity         integer NOT NULL,
        unit_price_cents integer NOT NULL,
        PRIMARY KEY (order_id, line_no),
        CONSTRAINT order_lines_quantity_positive CHECK (quantity > 0),
        CONSTRAINT order_lines_price_not_negative CHECK (unit_price_cents >= 0)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE orders.order_lines');
    await db.query('DROP TABLE orders.orders');
  }
}
