import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../../../shared/pagination/cursor.js';
import { type ProductPage, ProductQueries } from './product.queries.js';

export interface ListProductsQuery {
  readonly limit: number;
  readonly cursor?: string;
  readonly q?: string;
}

/** Pages through the catalog in a stable order (creation order, by time-ordered id). */
@Injectable()
export class ListProductsHandler {
  constructor(private readonly queries: ProductQueries) {}

  async execute(query: ListProductsQuery): Promise<ProductPage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const text = query.q?.trim() || undefined;
    const { items, hasMore } = await this.queries.search({ limit: query.limit, after, text });
    const last = items.at(-1);
    return { items, nextCursor: hasMore && last ? encodeCursor(last.id) : null };
  }
}
