import type { ProductSnapshot } from './product-snapshot.js';

/**
 * The catalog as other modules see it. Bound in-process when `catalog` runs in
 * the same process, to an HTTP client when it runs elsewhere; callers cannot tell.
 */
export abstract class CatalogFacade {
  /** The products among `ids` that exist; unknown ids are simply absent from the result. */
  abstract findProducts(ids: readonly string[]): Promise<ProductSnapshot[]>;
}
