import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { ProductNotFoundError, StockAdjustmentKeyReusedError } from '../domain/catalog.errors.js';
import { ProductRepository } from '../domain/product.repository.js';
import { type ProductView, toProductView } from './product.view.js';
import { StockAdjustmentKeys } from './stock-adjustment-key.store.js';

export interface AdjustedStock {
  readonly product: ProductView;
  /** True when an earlier request with the same Idempotency-Key already made this adjustment. */
  readonly replayed: boolean;
}

/**
 * Goods received (positive delta) or written off (negative); never below zero.
 * With an Idempotency-Key, a retried request changes nothing a second time.
 */
@Injectable()
export class AdjustStockHandler {
  constructor(
    private readonly products: ProductRepository,
    private readonly keys: StockAdjustmentKeys,
    private readonly transactions: Transactions,
  ) {}

  async execute(id: string, delta: number, idempotencyKey?: string): Promise<AdjustedStock> {
    if (idempotencyKey === undefined) {
      const { product } = await this.products.update(id, (product) => product.adjustStock(delta, new Date()));
      return { product: toProductView(product.snapshot()), replayed: false };
    }
    return this.transactions.run(async () => {
      // The row lock comes first: a concurrent request with the same key waits here, then finds the key taken.
      const product = (await this.products.lockMany([id])).get(id.toLowerCase());
      if (!product) throw new ProductNotFoundError(id);
      const earlier = await this.keys.claim(product.id, idempotencyKey, delta);
      if (earlier !== undefined && earlier.delta !== delta) throw new StockAdjustmentKeyReusedError();
      if (earlier === undefined) {
        product.adjustStock(delta, new Date());
        await this.products.saveStock([product]);
      }
      return { product: toProductView(product.snapshot()), replayed: earlier !== undefined };
    });
  }
}
