import type { OrderLine } from '../domain/order-line.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { OrderState } from '../domain/order.js';
import type { ShippingAddress } from '../domain/shipping-address.js';

/** An order as the orders API shows it. `reason` is present only on REJECTED orders. */
export interface OrderView {
  readonly id: string;
  /** Whose order it is (the caller's own, unless an admin asks). */
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly lines: OrderLine[];
  readonly totalCents: number;
  readonly reason?: string;
  readonly shippingAddress: ShippingAddress | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function toOrderView(state: OrderState): OrderView {
  return {
    id: state.id,
    customerId: state.customerId,
    status: state.status,
    lines: state.lines.map(({ productId, quantity, unitPriceCents }) => ({ productId, quantity, unitPriceCents })),
    totalCents: state.totalCents,
    ...(state.reason === null ? {} : { reason: state.reason }),
    shippingAddress: state.shippingAddress,
    createdAt: state.createdAt.toISOString(),
    updatedAt: state.updatedAt.toISOString(),
  };
}
