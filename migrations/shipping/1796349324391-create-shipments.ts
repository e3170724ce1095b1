import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The schema and the module's login role are made by the provisioner before migrations run. */
export class CreateShippingShipments1796349324391 implements MigrationInterface {
  name = 'CreateShippingShipments1796349324391';

  async up(db: QueryRunner): Promise<void> {
    // One shipment per order (the unique key makes the order-confirmed handler idempotent); no foreign key to orders,
    // which is another module's schema and, extracted, another database.
    await db.query(`
      CREATE TABLE shipping.shipments (
        id              uuid PRIMARY KEY,
        order_id        uuid NOT NULL,
        customer_id     uuid NOT NULL,
        status          text NOT NULL,
        lines           jsonb NOT NULL,
        address         jsonb,
        carrier         text,
        tracking_number text,
        failure_reason  text,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        CONSTRAINT shipments_order_unique UNIQUE (order_id),
        CONSTRAINT shipments_status_known CHECK (status IN ('PENDING', 'DISPATCHED', 'DELIVERED', 'FAILED', 'CANCELLED'))
      )`);
    // The admin's work queue ("PENDING, newest first") and every status filter read this instead of the whole table.
    await db.query('CREATE INDEX shipments_status_id ON shipping.shipments (status, id DESC)');
    // Idempotency-Keys of admin actions, with what each asked, so a retry is answered and a reuse refused.
    await db.query(`
      CREATE TABLE shipping.shipment_actions (
        shipment_id     uuid NOT NULL REFERENCES shipping.shipments (id),
        idempotency_key text NOT NULL,
        request         text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (shipment_id, idempotency_key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE shipping.shipment_actions');
    await db.query('DROP TABLE shipping.shipments');
  }
}
