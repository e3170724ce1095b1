import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { validate as isUuid } from 'uuid';
import { type OrderFilter, OrderQueries, type OrdersAtPosition } from '../application/order.queries.js';
import { type OrderView, toOrderView } from '../application/order.view.js';
import type { ShipmentView } from '../application/shipment-view.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { ShippingAddress } from '../domain/shipping-address.js';

interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  total_cents: string;
  reason: string | null;
  shipping_address: ShippingAddress | null;
  created_at: Date;
  updated_at: Date;
  lines: { productId: string; quantity: number; unitPriceCents: number }[];
  shipment: ShipmentView | null;
}

/** An order with its lines and its shipment (the read model shipping's events keep), as JSON, in one statement. */
const VIEW_COLUMNS = `
  o.id, o.customer_id, o.status, o.total_cents, o.reason, o.shipping_address, o.created_at, o.updated_at,
  (SELECT json_agg(json_build_object('productId', l.product_id, 'quantity', l.quantity, 'unitPriceCents', l.unit_price_cents) ORDER BY l.line_no)
     FROM orders.order_lines l WHERE l.order_id = o.id) AS lines,
  (SELECT json_build_object('status', s.status, 'carrier', s.carrier, 'trackingNumber', s.tracking_number)
     FROM orders.order_shipments s WHERE s.order_id = o.id) AS shipment`;
const SELECT_VIEW = `SELECT ${VIEW_COLUMNS} FROM orders.orders o`;

/**
 * Positions are transaction ids (xid8). The oldest transaction still running when a statement starts
 * (`pg_snapshot_xmin`) is a point every earlier change is visible before: a reader that saw everything up to it and
 * asks for changes at or after it misses none, whatever order transactions committed in. `xmax` is the first id not
 * yet handed out: a change marked at or past it was made in another database (a copied schema) and is no position here.
 */
const AT_POSITION = `
  WITH here AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS position, pg_snapshot_xmax(pg_current_snapshot()) AS next)
  SELECT here.position::text AS position, here.next::text AS next, v.*
    FROM here LEFT JOIN LATERAL (
      SELECT ${VIEW_COLUMNS}, greatest(o.changed_in, changed.changed_in)::text AS changed_at
        FROM orders.orders o LEFT JOIN orders.order_shipments changed ON changed.order_id = o.id`;

interface PositionedRow extends Partial<OrderRow> {
  position: string;
  next: string;
  changed_at: string | null;
}

/** One statement per page or order. */
@Injectable()
export class SqlOrderQueries extends OrderQueries {
  constructor(private readonly db: Transactions) {
    super();
  }

  async findById(id: string): Promise<OrderView | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.query<OrderRow>(`${SELECT_VIEW} WHERE o.id = $1`, [id]);
    return row ? toView(row) : null;
  }

  async list(filter: OrderFilter, limit: number, before?: string): Promise<{ items: OrderView[]; hasMore: boolean }> {
    if (before !== undefined && !isUuid(before)) return { items: [], hasMore: false };
    // Only the conditions in use, so each shape gets its own plan: by customer on (customer_id, id DESC), all orders on the key.
    // `status` has no index on purpose: one would make every confirmation a non-HOT update on the order path; a status
    // filter reads newest first and skips the others.
    const parameters: unknown[] = [];
    const where: string[] = [];
    const condition = (sql: (parameter: string) => string, value: unknown) => {
      parameters.push(value);
      where.push(sql(`$${parameters.length}`));
    };
    if (filter.customerId !== undefined) condition((p) => `o.customer_id = ${p}::uuid`, filter.customerId);
    if (filter.status !== undefined) condition((p) => `o.status = ${p}`, filter.status);
    if (before !== undefined) condition((p) => `o.id < ${p}::uuid`, before);
    parameters.push(limit + 1);
    const rows = await this.db.query<OrderRow>(
      `${SELECT_VIEW}
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY o.id DESC
        LIMIT $${parameters.length}`,
      parameters,
    );
    return { items: rows.slice(0, limit).map(toView), hasMore: rows.length > limit };
  }

  async newestAt(customerId: string, limit: number): Promise<OrdersAtPosition> {
    const rows = await this.db.query<PositionedRow>(
      `${AT_POSITION} WHERE o.customer_id = $1::uuid ORDER BY o.id DESC LIMIT $2) v ON true`,
      [customerId, limit],
    );
    return positioned(rows);
  }

  async changedSince(customerIds: readonly string[], since: bigint): Promise<OrdersAtPosition | undefined> {
    // Unbounded on purpose: what changed since a reader's last look is few orders, and a page cut short would lose some.
    const rows = await this.db.query<PositionedRow>(
      `${AT_POSITION}
        WHERE o.customer_id = ANY($1::uuid[])
          AND greatest(o.changed_in, changed.changed_in) >= $2::xid8
          AND greatest(o.changed_in, changed.changed_in) < here.next
        ORDER BY o.id DESC) v ON true`,
      [customerIds, since.toString()],
    );
    return since < BigInt(rows[0].next) ? positioned(rows) : undefined;
  }
}

function positioned(rows: PositionedRow[]): OrdersAtPosition {
  return {
    position: BigInt(rows[0].position),
    // A LEFT JOIN row without an order: there were none.
    items: rows
      .filter((row) => row.id !== null && row.id !== undefined)
      .map((row) => ({ order: toView(row as OrderRow), changedAt: BigInt(row.changed_at!) })),
  };
}

function toView(row: OrderRow): OrderView {
  return toOrderView(
    {
      id: row.id,
      customerId: row.customer_id,
      status: row.status,
      lines: row.lines,
      totalCents: Number(row.total_cents),
      reason: row.reason,
      shippingAddress: row.shipping_address,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
    row.shipment,
  );
}
