import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { OrderChanges } from '../application/order-changes.signal.js';
import { OrderShipments, type ShipmentChange } from '../application/order-shipments.store.js';

/** A shipment's statuses in the order they can follow one another; the three last are final. */
const RANK = (column: string) =>
  `array_position(ARRAY['PENDING', 'DISPATCHED', 'DELIVERED', 'FAILED', 'CANCELLED'], ${column})`;

@Injectable()
export class SqlOrderShipments extends OrderShipments {
  constructor(
    private readonly db: Transactions,
    private readonly changes: OrderChanges,
  ) {
    super();
  }

  record(change: ShipmentChange, at: Date): Promise<void> {
    return this.recordMany([change], at);
  }

  async recordMany(changes: readonly ShipmentChange[], at: Date): Promise<void> {
    if (changes.length === 0) return;
    this.changes.changing();
    await this.db.query(
      `INSERT INTO orders.order_shipments (order_id, shipment_id, status, carrier, tracking_number, updated_at)
       SELECT order_id, shipment_id, status, carrier, tracking_number, $6
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) AS c(order_id, shipment_id, status, carrier, tracking_number)
        -- Rows locked in order id order, so that two batches sharing orders cannot deadlock.
        ORDER BY order_id
       ON CONFLICT (order_id) DO UPDATE SET
         shipment_id = EXCLUDED.shipment_id,
         -- Only forward: a late or re-driven event (another replica, a dead letter) never takes a status back.
         status = CASE WHEN ${RANK('EXCLUDED.status')} > ${RANK('order_shipments.status')}
                       THEN EXCLUDED.status ELSE order_shipments.status END,
         carrier = COALESCE(EXCLUDED.carrier, order_shipments.carrier),
         tracking_number = COALESCE(EXCLUDED.tracking_number, order_shipments.tracking_number),
         updated_at = EXCLUDED.updated_at,
         changed_in = pg_current_xact_id()`,
      [
        changes.map((change) => change.orderId),
        changes.map((change) => change.shipmentId),
        changes.map((change) => change.status),
        changes.map((change) => change.carrier ?? null),
        changes.map((change) => change.trackingNumber ?? null),
        at,
      ],
    );
  }
}
