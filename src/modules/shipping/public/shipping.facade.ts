import type { ShipmentSummary } from './shipment-summary.js';

/**
 * Shipping as other modules see it. Bound in-process when `shipping` runs in the same process, to an
 * HTTP client when it runs elsewhere; callers cannot tell. Orders does not call it: it learns of
 * shipments from shipping's events.
 */
export abstract class ShippingFacade {
  /** The shipment of an order, `null` before shipping has made one. */
  abstract findShipmentOfOrder(orderId: string): Promise<ShipmentSummary | null>;
}
