import type { OrderStatus } from '../domain/order-status.js';
import type { OrderView } from './order.view.js';

/** Which orders a listing shows; an absent field does not narrow it. */
export interface OrderFilter {
  readonly customerId?: string;
  readonly status?: OrderStatus;
}

/** Port: the read side of orders. */
export abstract class OrderQueries {
  /** The orders that match `filter`, newest first, strictly older than `before` when given. */
  /** One order with its shipment, or null. */
  abstract findById(id: string): Promise<OrderView | null>;
  abstract list(filter: OrderFilter, limit: number, before?: string): Promise<{ items: OrderView[]; hasMore: boolean }>;
}
