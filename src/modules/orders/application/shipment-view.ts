/** Shipping's statuses as orders records them; orders keeps its own list, it imports nothing of shipping. */
export const SHIPMENT_STATUSES = ['PENDING', 'DISPATCHED', 'DELIVERED', 'FAILED', 'CANCELLED'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** An order's shipment as the orders API shows it: a read model fed by shipping's events. */
export interface ShipmentView {
  readonly status: ShipmentStatus;
  readonly carrier: string | null;
  readonly trackingNumber: string | null;
}
