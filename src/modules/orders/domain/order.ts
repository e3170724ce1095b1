import { lineTotal, type OrderLine, validLines } from './order-line.js';
import { CANCELLABLE_STATUSES, FINAL_STATUSES, type OrderStatus } from './order-status.js';
import { OrderNotCancellableError, OrderNotShippableError } from './orders.errors.js';
import type { ShippingAddress } from './shipping-address.js';

export interface OrderState {
  readonly id: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly lines: readonly OrderLine[];
  readonly totalCents: number;
  /** Why it was rejected, or why it was cancelled; null otherwise. */
  readonly reason: string | null;
  readonly shippingAddress: ShippingAddress | null;
  readonly idempotencyKey: string | null;
  readonly requestFingerprint: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * A customer's order. Placed PENDING; the stock saga confirms or rejects it;
 * shipping ships and delivers it; the customer may cancel it until it ships.
 */
export class Order {
  private constructor(private state: OrderState) {}

  static place(input: {
    id: string;
    customerId: string;
    lines: readonly OrderLine[];
    now: Date;
    shippingAddress?: ShippingAddress | null;
    idempotencyKey?: string | null;
    requestFingerprint?: string | null;
  }): Order {
    const lines = validLines(input.lines);
    return new Order({
      id: input.id,
      customerId: input.customerId,
      status: 'PENDING',
      lines,
      totalCents: lines.reduce((sum, line) => sum + lineTotal(line), 0),
      reason: null,
      shippingAddress: input.shippingAddress ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      requestFingerprint: input.requestFingerprint ?? null,
      createdAt: input.now,
      updatedAt: input.now,
    });
  }

  static restore(state: OrderState): Order {
    return new Order(state);
  }

  get id(): string {
    return this.state.id;
  }
  get customerId(): string {
    return this.state.customerId;
  }
  get status(): OrderStatus {
    return this.state.status;
  }

  isFinal(): boolean {
    return FINAL_STATUSES.includes(this.state.status);
  }

  /** PENDING or CONFIRMED orders can be cancelled; whatever stock they hold is released. */
  cancel(reason: string, now: Date): void {
    if (!CANCELLABLE_STATUSES.includes(this.state.status))
      throw new OrderNotCancellableError(this.state.id, this.state.status);
    this.state = { ...this.state, status: 'CANCELLED', reason, updatedAt: now };
  }

  /**
   * Shipping dispatched it. Decided here, under the order's row lock, so a
   * cancel and a dispatch of one order cannot both win. Returns false when it
   * had shipped already (a retried dispatch); throws from any other status.
   */
  ship(now: Date): boolean {
    if (this.state.status === 'SHIPPED') return false;
    if (this.state.status !== 'CONFIRMED') throw new OrderNotShippableError(this.state.id, this.state.status);
    this.state = { ...this.state, status: 'SHIPPED', updatedAt: now };
    return true;
  }

  /** The shipment arrived. Returns false unless it was SHIPPED. */
  deliver(now: Date): boolean {
    if (this.state.status !== 'SHIPPED') return false;
    this.state = { ...this.state, status: 'DELIVERED', updatedAt: now };
    return true;
  }

  /**
   * The compensation for a failed shipment: a CONFIRMED or SHIPPED order is
   * cancelled. Returns false when it had ended meanwhile (e.g. the customer cancelled).
   */
  cancelForFailedShipment(reason: string, now: Date): boolean {
    if (this.state.status !== 'CONFIRMED' && this.state.status !== 'SHIPPED') return false;
    this.state = { ...this.state, status: 'CANCELLED', reason: `Shipping failed: ${reason}`, updatedAt: now };
    return true;
  }

  /** Stock was reserved. Returns false when the order moved on meanwhile (e.g. was cancelled). */
  confirm(now: Date): boolean {
    if (this.state.status !== 'PENDING') return false;
    this.state = { ...this.state, status: 'CONFIRMED', updatedAt: now };
    return true;
  }

  /** Stock could not be reserved. Returns false when the order moved on meanwhile. */
  reject(reason: string, now: Date): boolean {
    if (this.state.status !== 'PENDING') return false;
    this.state = { ...this.state, status: 'REJECTED', reason, updatedAt: now };
    return true;
  }

  snapshot(): OrderState {
    return this.state;
  }
}
