import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../../../shared/errors/index.js';

export class OrderNotFoundError extends NotFoundError {
  override readonly code = 'orders.not-found';

  constructor(id: string) {
    super(`No order ${id} is visible to you.`);
  }
}

export class OrderNotCancellableError extends ConflictError {
  override readonly code = 'orders.not-cancellable';

  constructor(id: string, status: string) {
    super(`Order ${id} is ${status} and can no longer be cancelled.`);
  }
}

export class OrderNotShippableError extends ConflictError {
  override readonly code = 'orders.not-shippable';

  constructor(id: string, status: string) {
    super(`Order ${id} is ${status} and cannot be shipped.`);
  }
}

export class InvalidOrderError extends ValidationError {
  override readonly code = 'orders.invalid';

  constructor(field: string, message: string) {
    super(`${field} ${message}`, { [field]: [message] });
  }
}

export class IdempotencyKeyReusedError extends UnprocessableError {
  override readonly code = 'orders.idempotency-key-reused';

  constructor() {
    super('This Idempotency-Key was already used for a different order request.');
  }
}

/** Another request with the same Idempotency-Key stored its order first. */
export class DuplicateIdempotencyKeyError extends ConflictError {
  override readonly code = 'orders.duplicate-idempotency-key';

  constructor() {
    super('An order with this Idempotency-Key is being placed by another request.');
  }
}
