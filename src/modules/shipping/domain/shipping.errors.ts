import { ConflictError, NotFoundError, UnprocessableError } from '../../../shared/errors/index.js';
import type { ShipmentStatus } from './shipment-status.js';

export class ShipmentNotFoundError extends NotFoundError {
  override readonly code = 'shipping.shipment-not-found';

  constructor(id: string) {
    super(`No shipment has id ${id}.`);
  }
}

/** The action does not apply to the shipment's status (e.g. delivering a shipment never dispatched). */
export class ShipmentStatusConflictError extends ConflictError {
  override readonly code = 'shipping.wrong-status';

  constructor(id: string, status: ShipmentStatus, action: string) {
    super(`Shipment ${id} is ${status}: it cannot be ${action}.`);
  }
}

export class ShipmentWithoutAddressError extends ConflictError {
  override readonly code = 'shipping.no-address';

  constructor(id: string) {
    super(`Shipment ${id} has no address: its order was placed without a shippingAddress.`);
  }
}

/** Orders refused to ship the order, which ended first (the customer cancelled it). */
export class OrderNotShippableError extends ConflictError {
  override readonly code = 'shipping.order-not-shippable';

  constructor(orderId: string, status: string | null) {
    super(
      status === null ? `Order ${orderId} does not exist.` : `Order ${orderId} is ${status} and cannot be shipped.`,
    );
  }
}

export class ShipmentActionKeyReusedError extends UnprocessableError {
  override readonly code = 'shipping.idempotency-key-reused';

  constructor() {
    super('This Idempotency-Key was already used for a different action on this shipment.');
  }
}
