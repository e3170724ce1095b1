import { Injectable } from '@nestjs/common';
import { validate as isUuid } from 'uuid';
import { Transactions } from '../../../shared/database/index.js';
import { type ShipmentFilter, ShipmentQueries } from '../application/shipment.queries.js';
import { type ShipmentView, toShipmentView } from '../application/shipment.view.js';
import { SELECT_SHIPMENT, type ShipmentRow, toShipment } from './sql-shipment.repository.js';

/** One statement per page, newest first on the (UUIDv7) key. */
@Injectable()
export class SqlShipmentQueries extends ShipmentQueries {
  constructor(private readonly db: Transactions) {
    super();
  }

  async list(
    filter: ShipmentFilter,
    limit: number,
    before?: string,
  ): Promise<{ items: ShipmentView[]; hasMore: boolean }> {
    if (before !== undefined && !isUuid(before)) return { items: [], hasMore: false };
    const parameters: unknown[] = [];
    const where: string[] = [];
    const condition = (sql: (parameter: string) => string, value: unknown) => {
      parameters.push(value);
      where.push(sql(`$${parameters.length}`));
    };
    if (filter.orderId !== undefined) condition((p) => `order_id = ${p}::uuid`, filter.orderId);
    if (filter.status !== undefined) condition((p) => `status = ${p}`, filter.status);
    if (before !== undefined) condition((p) => `id < ${p}::uuid`, before);
    parameters.push(limit + 1);
    const rows = await this.db.query<ShipmentRow>(
      `${SELECT_SHIPMENT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${parameters.length}`,
      parameters,
    );
    return {
      items: rows.slice(0, limit).map((row) => toShipmentView(toShipment(row).snapshot())),
      hasMore: rows.length > limit,
    };
  }
}
