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
 * shipping's events inside their inbox transaction. Shipping's events of one
 * shipment arrive in order (one aggregate), so the latest write is the truth.
 */
export abstract class OrderShipments {
  abstract record(change: ShipmentChange, at: Date): Promise<void>;
}
