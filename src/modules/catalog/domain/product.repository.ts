import type { Product } from './product.js';

/** Port: where products are kept. */
export abstract class ProductRepository {
  /** Fails with `DuplicateSkuError` when the SKU is taken. */
  abstract add(product: Product): Promise<void>;
  abstract findById(id: string): Promise<Product | null>;
  /**
   * Loads the product under a row lock, lets `change` mutate it, and saves it,
   * all in one transaction; nothing is saved when `change` throws.
   */
  abstract update<T>(id: string, change: (product: Product) => T): Promise<{ product: Product; result: T }>;
  /**
   * Locks the existing products among `ids` for the rest of the transaction,
   * always in id order so concurrent reservations cannot deadlock.
   */
  abstract lockMany(ids: readonly string[]): Promise<Map<string, Product>>;
  /** Writes back the stock of products loaded with `lockMany`. */
  abstract saveStock(products: readonly Product[]): Promise<void>;
}
