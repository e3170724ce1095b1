import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { StockAdjustmentKeys } from '../application/stock-adjustment-key.store.js';

@Injectable()
export class SqlStockAdjustmentKeys extends StockAdjustmentKeys {
  constructor(private readonly db: Transactions) {
    super();
  }

  async claim(productId: string, key: string, delta: number): Promise<{ readonly delta: number } | undefined> {
    const claimed = await this.db.query(
      'INSERT INTO catalog.stock_adjustments (product_id, idempotency_key, delta) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1',
      [productId, key, delta],
    );
    if (claimed.length > 0) return undefined;
    const [earlier] = await this.db.query<{ delta: number }>(
      'SELECT delta FROM catalog.stock_adjustments WHERE product_id = $1 AND idempotency_key = $2',
      [productId, key],
    );
    return earlier;
  }
}
