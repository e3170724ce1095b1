import type { ShipmentStatus } from './shipment-view.js';

/** What one of shipping's events says about an order's shipment. */
export interface ShipmentChange {
  readonly orderId: string;
  readonly shipmentId: string;
  readonly status: ShipmentStatus;
  /** Known from dispatch on; `undefined` keeps what was recorded. */
  readonly carrier?: string;
  readonly trackingNumber?: string;
}

/**
 * Port: the read model of each order's shipment, written by the handlers of
 * shipping's events inside their inbox transaction. Events of one shipment may
 * arrive out of order (several consumer replicas, a re-driven dead letter), so a
 * status only moves forward, and a carrier once known is kept.
 */
export abstract class OrderShipments {
  abstract record(change: ShipmentChange, at: Date): Promise<void>;
  /** Several changes of different orders in one go; the same order twice fails it (handle those one by one). */
  abstract recordMany(changes: readonly ShipmentChange[], at: Date): Promise<void>;
}
