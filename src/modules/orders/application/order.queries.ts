import type { OrderStatus } from '../domain/order-status.js';
import type { OrderView } from './order.view.js';

/** Which orders a listing shows; an absent field does not narrow it. */
export interface OrderFilter {
  readonly customerId?: string;
  readonly status?: OrderStatus;
}

/**
 * Orders as they stood at one point of the database's history, and that point: every change committed before
 * `position` is in them, and a later read `changedSince(position)` returns whatever changed after.
 */
export interface OrdersAtPosition {
  readonly position: bigint;
  readonly items: ChangedOrder[];
}

/** An order and the position of its latest change. */
export interface ChangedOrder {
  readonly order: OrderView;
  readonly changedAt: bigint;
}

/** Port: the read side of orders. */
export abstract class OrderQueries {
  /** One order with its shipment, or null. */
  abstract findById(id: string): Promise<OrderView | null>;
  /** The orders that match `filter`, newest first, strictly older than `before` when given. */
  abstract list(filter: OrderFilter, limit: number, before?: string): Promise<{ items: OrderView[]; hasMore: boolean }>;
  /** A customer's newest orders, and the position they stand at. */
  abstract newestAt(customerId: string, limit: number): Promise<OrdersAtPosition>;
  /**
   * The orders of these customers changed at or after `since` (a position an earlier read returned; one this
   * database never gave, from a copy of the schema elsewhere, counts as none). An order changed at the very position
   * returned may come again in the next read.
   */
  abstract changedSince(customerIds: readonly string[], since: bigint): Promise<OrdersAtPosition | undefined>;
}
