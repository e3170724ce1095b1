import type { OrderSummary } from './order-summary.js';

/**
 * The orders module as other modules see it. Bound in-process when `orders`
 * runs in the same process, to an HTTP client when it runs elsewhere.
 */
export abstract class OrdersFacade {
  /** `null` when no order has this id. */
  abstract findOrder(id: string): Promise<OrderSummary | null>;
}
