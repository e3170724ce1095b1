import type { Page } from '../../../shared/pagination/cursor.js';
import type { ProductView } from './product.view.js';

export interface ProductSearch {
  readonly limit: number;
  /** The id of the last product of the previous page. */
  readonly after?: string;
  readonly text?: string;
}

/** Port: the read side of the catalog, free to bypass the aggregate for speed. */
export abstract class ProductQueries {
  abstract findById(id: string): Promise<ProductView | null>;
  abstract findMany(ids: readonly string[]): Promise<ProductView[]>;
  abstract search(search: ProductSearch): Promise<{ items: ProductView[]; hasMore: boolean }>;
}

export type ProductPage = Page<ProductView>;
