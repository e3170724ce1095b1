import type { OrderView } from './order.view.js';

/** Port: the read side of orders. */
export abstract class OrderQueries {
  /** A customer's orders, newest first, strictly older than `before` when given. */
  abstract listForCustomer(customerId: string, limit: number, before?: string): Promise<{ items: OrderView[]; hasMore: boolean }>;
}
