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
}
