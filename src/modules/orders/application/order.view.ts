import type { OrderLine } from '../domain/order-line.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { OrderState } from '../domain/order.js';
import type { ShippingAddress } from '../domain/shipping-address.js';
import type { ShipmentView } from './shipment-view.js';

/**
 * An order as the orders API shows it. `reason` is present only on REJECTED
 * orders, `cancellationReason` only on CANCELLED ones.
 */
export interface OrderView {
  readonly id: string;
  /** Whose order it is (the caller's own, unless an admin asks). */
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly lines: OrderLine[];
  readonly totalCents: number;
  readonly reason?: string;
  readonly cancellationReason?: string;
  readonly shippingAddress: ShippingAddress | null;
  /** `null` until shipping has made a shipment for it. */
  readonly shipment: ShipmentView | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The fields of an order's state the view shows, whether read through the aggregate or straight from SQL. */
type ViewedState = Pick<
  OrderState,
  'id' | 'customerId' | 'status' | 'lines' | 'totalCents' | 'reason' | 'shippingAddress' | 'createdAt' | 'updatedAt'
>;

export function toOrderView(state: ViewedState, shipment: ShipmentView | null = null): OrderView {
  return {
    id: state.id,
    customerId: state.customerId,
    status: state.status,
    lines: state.lines.map(({ productId, quantity, unitPriceCents }) => ({ productId, quantity, unitPriceCents })),
    totalCents: state.totalCents,
    ...(state.reason !== null && state.status === 'REJECTED' ? { reason: state.reason } : {}),
    ...(state.reason !== null && state.status === 'CANCELLED' ? { cancellationReason: state.reason } : {}),
    shippingAddress: state.shippingAddress,
    shipment,
    createdAt: state.createdAt.toISOString(),
    updatedAt: state.updatedAt.toISOString(),
  };
}
