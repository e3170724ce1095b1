import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each order, and its shipment view, records the transaction that last changed it (`changed_in`), so a customer's
 * live stream can ask what changed since a point and resume there (see SqlOrderQueries.changedSince). Not indexed on
 * purpose: an index on a column every change sets would make every confirmation a non-HOT update; the stream reads
 * by customer, which is indexed.
 */
export class AddOrdersChangeMarks1796700000000 implements MigrationInterface {
  name = 'AddOrdersChangeMarks1796700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE orders.orders ADD COLUMN changed_in xid8 NOT NULL DEFAULT pg_current_xact_id()');
    await db.query(
      'ALTER TABLE orders.order_shipments ADD COLUMN changed_in xid8 NOT NULL DEFAULT pg_current_xact_id()',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE orders.order_shipments DROP COLUMN changed_in');
    await db.query('ALTER TABLE orders.orders DROP COLUMN changed_in');
  }
}
