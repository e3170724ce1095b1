/**
 * Port: the Idempotency-Keys stock adjustments were made with, per product.
 * Used inside the adjustment's transaction, so a key is kept only when its
 * adjustment committed.
 */
export abstract class StockAdjustmentKeys {
  /**
   * Records `key` for `productId` with its `delta`; returns undefined when the
   * key is new, or the delta it was first used with. A concurrent request with
   * the same key waits for the first to commit or roll back.
   */
  abstract claim(productId: string, key: string, delta: number): Promise<{ readonly delta: number } | undefined>;
}
