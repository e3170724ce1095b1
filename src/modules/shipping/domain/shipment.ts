import type { DeliveryAddress } from './delivery-address.js';
import type { ShipmentLine } from './shipment-line.js';
import type { ShipmentStatus } from './shipment-status.js';
import { ShipmentStatusConflictError, ShipmentWithoutAddressError } from './shipping.errors.js';

export interface ShipmentState {
  readonly id: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly status: ShipmentStatus;
  readonly lines: readonly ShipmentLine[];
  readonly address: DeliveryAddress | null;
  readonly carrier: string | null;
  readonly trackingNumber: string | null;
  readonly failureReason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * One order's parcel. PENDING when the order is confirmed; an admin dispatches
 * it (DISPATCHED), then records it DELIVERED or FAILED; cancelling the order
 * before dispatch CANCELS it. Each action throws from a status it does not apply to.
 */
export class Shipment {
  private constructor(private state: ShipmentState) {}

  static create(input: {
    id: string;
    orderId: string;
    customerId: string;
    lines: readonly ShipmentLine[];
    address: DeliveryAddress | null;
    now: Date;
  }): Shipment {
    return new Shipment({
      ...input,
      lines: input.lines.map(({ productId, quantity }) => ({ productId, quantity })),
      status: 'PENDING',
      carrier: null,
      trackingNumber: null,
      failureReason: null,
      createdAt: input.now,
      updatedAt: input.now,
    });
  }

  /** The marker of an order cancelled before its shipment was made: CANCELLED, nothing in it. */
  static cancelledBeforeCreation(input: { id: string; orderId: string; customerId: string; now: Date }): Shipment {
    const shipment = Shipment.create({ ...input, lines: [], address: null });
    shipment.cancel(input.now);
    return shipment;
  }

  static restore(state: ShipmentState): Shipment {
    return new Shipment(state);
  }

  get id(): string {
    return this.state.id;
  }
  get orderId(): string {
    return this.state.orderId;
  }
  get status(): ShipmentStatus {
    return this.state.status;
  }

  /** Checks a dispatch could happen, before orders is asked to ship the order. */
  assertDispatchable(): void {
    this.expect('PENDING', 'dispatched');
    if (this.state.address === null) throw new ShipmentWithoutAddressError(this.state.id);
  }

  dispatch(carrier: string, trackingNumber: string, now: Date): void {
    this.assertDispatchable();
    this.state = { ...this.state, status: 'DISPATCHED', carrier, trackingNumber, updatedAt: now };
  }

  deliver(now: Date): void {
    this.expect('DISPATCHED', 'delivered');
    this.state = { ...this.state, status: 'DELIVERED', updatedAt: now };
  }

  /** Undeliverable before dispatch, or lost or returned after it. */
  fail(reason: string, now: Date): void {
    if (this.state.status !== 'PENDING' && this.state.status !== 'DISPATCHED')
      throw new ShipmentStatusConflictError(this.state.id, this.state.status, 'failed');
    this.state = { ...this.state, status: 'FAILED', failureReason: reason, updatedAt: now };
  }

  /** The order was cancelled. Returns false when the shipment had moved on (dispatched, failed). */
  cancel(now: Date): boolean {
    if (this.state.status !== 'PENDING') return false;
    this.state = { ...this.state, status: 'CANCELLED', updatedAt: now };
    return true;
  }

  snapshot(): ShipmentState {
    return this.state;
  }

  private expect(status: ShipmentStatus, action: string): void {
    if (this.state.status !== status) throw new ShipmentStatusConflictError(this.state.id, this.state.status, action);
  }
}
