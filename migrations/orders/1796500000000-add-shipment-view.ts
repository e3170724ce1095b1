import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orders ship and are delivered; each order shows its shipment from a read model fed by shipping's events. */
export class AddOrdersShipmentView1796500000000 implements MigrationInterface {
  name = 'AddOrdersShipmentView1796500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE orders.orders DROP CONSTRAINT orders_status_known');
    await db.query(`ALTER TABLE orders.orders ADD CONSTRAINT orders_status_known
      CHECK (status IN ('PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'REJECTED', 'CANCELLED'))`);
    // No foreign key to shipping: the shipment lives in another module (and, extracted, another database).
    await db.query(`
      CREATE TABLE orders.order_shipments (
        order_id        uuid PRIMARY KEY REFERENCES orders.orders (id),
        shipment_id     uuid NOT NULL,
        status          text NOT NULL,
        carrier         text,
        tracking_number text,
        updated_at      timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE orders.order_shipments');
    await db.query(`UPDATE orders.orders SET status = 'CONFIRMED' WHERE status IN ('SHIPPED', 'DELIVERED')`);
    await db.query('ALTER TABLE orders.orders DROP CONSTRAINT orders_status_known');
    await db.query(`ALTER TABLE orders.orders ADD CONSTRAINT orders_status_known
      CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED'))`);
  }
}
