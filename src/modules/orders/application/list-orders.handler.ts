import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, type Page } from '../../../shared/pagination/cursor.js';
import { type OrderFilter, OrderQueries } from './order.queries.js';
import type { OrderView } from './order.view.js';

export interface ListOrdersQuery {
  readonly filter: OrderFilter;
  readonly limit: number;
  readonly cursor?: string;
}

/** A page of orders, newest first. Who may see which orders is the controller's choice of filter. */
@Injectable()
export class ListOrdersHandler {
  constructor(private readonly queries: OrderQueries) {}

  async execute(query: ListOrdersQuery): Promise<Page<OrderView>> {
    const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const { items, hasMore } = await this.queries.list(query.filter, query.limit, before);
    const last = items.at(-1);
    return { items, nextCursor: hasMore && last ? encodeCursor(last.id) : null };
  }
}
