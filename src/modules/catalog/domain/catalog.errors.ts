import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../../../shared/errors/index.js';

export class ProductNotFoundError extends NotFoundError {
  override readonly code = 'catalog.product-not-found';

  constructor(id: string) {
    super(`No product has id ${id}.`);
  }
}

export class DuplicateSkuError extends ConflictError {
  override readonly code = 'catalog.duplicate-sku';

  constructor(sku: string) {
    super(`A product with SKU ${sku} already exists.`);
  }
}

export class InsufficientStockError extends ConflictError {
  override readonly code = 'catalog.insufficient-stock';

  constructor(productId: string, available: number, requested: number) {
    super(`Product ${productId} has ${available} in stock; ${requested} cannot be taken out.`);
  }
}

export class InvalidProductError extends ValidationError {
  override readonly code = 'catalog.invalid-product';

  constructor(field: string, message: string) {
    super(`${field} ${message}`, { [field]: [message] });
  }
}

export class StockAdjustmentKeyReusedError extends UnprocessableError {
  override readonly code = 'catalog.idempotency-key-reused';

  constructor() {
    super('This Idempotency-Key was already used for a different stock adjustment of this product.');
  }
}
