/** A shipment as other modules may know it. */
export interface ShipmentSummary {
  readonly id: string;
  readonly orderId: string;
  readonly status: 'PENDING' | 'DISPATCHED' | 'DELIVERED' | 'FAILED' | 'CANCELLED';
  readonly carrier: string | null;
  readonly trackingNumber: string | null;
}
