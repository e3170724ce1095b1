import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, type Page } from '../../../shared/pagination/cursor.js';
import { type ShipmentFilter, ShipmentQueries } from './shipment.queries.js';
import type { ShipmentView } from './shipment.view.js';

/** A page of shipments, newest first. */
@Injectable()
export class ListShipmentsHandler {
  constructor(private readonly queries: ShipmentQueries) {}

  async execute(query: { filter: ShipmentFilter; limit: number; cursor?: string }): Promise<Page<ShipmentView>> {
    const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const { items, hasMore } = await this.queries.list(query.filter, query.limit, before);
    const last = items.at(-1);
    return { items, nextCursor: hasMore && last ? encodeCursor(last.id) : null };
  }
}
