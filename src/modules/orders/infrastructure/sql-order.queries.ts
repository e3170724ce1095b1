import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/transactions.js';
import { isUuid } from '../../../shared/kernel/uuid-v7.js';
import { OrderQueries } from '../application/order.queries.js';
import type { OrderView } from '../application/order.view.js';
import type { OrderStatus } from '../domain/order-status.js';

interface OrderRow {
  id: string;
  status: OrderStatus;
  total_cents: string;
  reason: string | null;
  created_at: Date;
  updated_at: Date;
  lines: { productId: string; quantity: number; unitPriceCents: number }[];
}

/** One statement per page: orders with their lines aggregated as JSON. */
@Injectable()
export class SqlOrderQueries extends OrderQueries {
  constructor(private readonly db: Transactions) {
    super();
  }

  async listForCustomer(customerId: string, limit: number, before?: string): Promise<{ items: OrderView[]; hasMore: boolean }> {
    if (before !== undefined && !isUuid(before)) return { items: [], hasMore: false };
    const rows = await this.db.query<OrderRow>(
      `SELECT o.id, o.status, o.total_cents, o.reason, o.created_at, o.updated_at,
              (SELECT json_agg(json_build_object('productId', l.product_id, 'quantity', l.quantity, 'unitPriceCents', l.unit_price_cents) ORDER BY l.line_no)
                 FROM orders.order_lines l WHERE l.order_id = o.id) AS lines
         FROM orders.orders o
        WHERE o.customer_id = $1 AND ($2::uuid IS NULL OR o.id < $2::uuid)
        ORDER BY o.id DESC
        LIMIT $3`,
      [customerId, before ?? null, limit + 1],
    );
    return { items: rows.slice(0, limit).map(toView), hasMore: rows.length > limit };
  }
}

function toView(row: OrderRow): OrderView {
  return {
    id: row.id,
    status: row.status,
    lines: row.lines,
    totalCents: Number(row.total_cents),
    ...(row.reason === null ? {} : { reason: row.reason }),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
