import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/transactions.js';
import { isUuid } from '../../../shared/kernel/uuid-v7.js';
import { ProductNotFoundError, StockAdjustmentKeyReusedError } from '../domain/catalog.errors.js';
import { ProductRepository } from '../domain/product.repository.js';
import { type ProductView, toProductView } from './product.view.js';
import { StockAdjustmentKeys } from './stock-adjustment-keys.js';

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
    if (!isUuid(id)) throw new ProductNotFoundError(id);
    return this.transactions.run(async () => {
      if (idempotencyKey !== undefined) {
        if (!(await this.products.findById(id))) throw new ProductNotFoundError(id);
        const earlier = await this.keys.claim(id.toLowerCase(), idempotencyKey, delta);
        if (earlier !== undefined) {
          if (earlier.delta !== delta) throw new StockAdjustmentKeyReusedError();
          // Read again: a concurrent first request with this key may have committed while the claim waited for it.
          const current = await this.products.findById(id);
          return { product: toProductView(current!.snapshot()), replayed: true };
        }
      }
      const { product } = await this.products.update(id, (product) => product.adjustStock(delta, new Date()));
      return { product: toProductView(product.snapshot()), replayed: false };
    });
  }
}
