import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What each order holds: reserved all lines or none, released once on cancel; one row per order. */
export class CreateStockReservations1763856000001 implements MigrationInterface {
  name = 'CreateStockReservations1763856000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE catalog.stock_reservations (
        order_id   uuid PRIMARY KEY,
        status     text NOT NULL,
        lines      jsonb NOT NULL,
        reason     text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT stock_reservations_status_known CHECK (status IN ('RESERVED', 'REFUSED', 'RELEASED', 'CANCELLED_BEFORE_RESERVATION'))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE catalog.stock_reservations');
  }
}
