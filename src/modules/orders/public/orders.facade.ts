import type { OrderSummary } from './order-summary.js';

/**
 * The orders module as other modules see it. Bound in-process when `orders`
 * runs in the same process, to an HTTP client when it runs elsewhere.
 */
export abstract class OrdersFacade {
  /** `null` when no order has this id. */
  abstract findOrder(id: string): Promise<OrderSummary | null>;

  /**
   * Marks a CONFIRMED order SHIPPED and returns its status afterwards: `SHIPPED`
   * when it is shipped (now or by an earlier call, so retrying is safe), any other
   * status when it cannot ship (e.g. the customer cancelled first), `null` when no
   * order has this id. Orders decides, under the order's lock, so a dispatch and a
   * cancel of one order never both win.
   */
  abstract shipOrder(id: string): Promise<OrderSummary['status'] | null>;
}
