import type { Order } from './order.js';

/** Port: where orders are kept. */
export abstract class OrderRepository {
  /** Stores a new order; fails with `DuplicateIdempotencyKeyError` when its key was used meanwhile. */
  abstract add(order: Order): Promise<void>;
  abstract findById(id: string): Promise<Order | null>;
  abstract findByIdempotencyKey(customerId: string, key: string): Promise<Order | null>;
  /** Loads under a row lock, lets `change` mutate, saves; all in one transaction. */
  abstract update<T>(id: string, change: (order: Order) => T): Promise<{ order: Order; result: T }>;
  /** Loads several orders under row locks, for a batch; must run inside the transaction that saves them. */
  abstract lockMany(ids: readonly string[]): Promise<Map<string, Order>>;
  /** Saves the state of orders loaded by `lockMany`, in one go. */
  abstract saveMany(orders: readonly Order[]): Promise<void>;
}
