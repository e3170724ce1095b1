import type { DeliveryAddress } from '../domain/delivery-address.js';
import type { ShipmentLine } from '../domain/shipment-line.js';
import type { ShipmentStatus } from '../domain/shipment-status.js';
import type { ShipmentState } from '../domain/shipment.js';

/** A shipment as the admin API shows it. */
export interface ShipmentView {
  readonly id: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly status: ShipmentStatus;
  readonly lines: ShipmentLine[];
  readonly address: DeliveryAddress | null;
  readonly carrier: string | null;
  readonly trackingNumber: string | null;
  readonly failureReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function toShipmentView(state: ShipmentState): ShipmentView {
  return {
    id: state.id,
    orderId: state.orderId,
    customerId: state.customerId,
    status: state.status,
    lines: state.lines.map(({ productId, quantity }) => ({ productId, quantity })),
    address: state.address,
    carrier: state.carrier,
    trackingNumber: state.trackingNumber,
    failureReason: state.failureReason,
    createdAt: state.createdAt.toISOString(),
    updatedAt: state.updatedAt.toISOString(),
  };
}
