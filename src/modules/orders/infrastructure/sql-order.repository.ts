import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../../../shared/database/errors/pg-errors.js';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { validate as isUuid } from 'uuid';
import type { OrderStatus } from '../domain/order-status.js';
import { Order } from '../domain/order.js';
import type { ShippingAddress } from '../domain/shipping-address.js';
import { OrderRepository } from '../domain/order.repository.js';
import { OrderChanges } from '../application/order-changes.signal.js';
import { DuplicateIdempotencyKeyError, OrderNotFoundError } from '../domain/orders.errors.js';

const IDEMPOTENCY_CONSTRAINT = 'orders_customer_idempotency_key';

interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  total_cents: string;
  reason: string | null;
  shipping_address: ShippingAddress | null;
  idempotency_key: string | null;
  request_fingerprint: string | null;
  created_at: Date;
  updated_at: Date;
  lines: { productId: string; quantity: number; unitPriceCents: number }[];
}

/** An order and its lines in one statement; the lines in placement order. */
const SELECT_ORDER = `
  SELECT o.id, o.customer_id, o.status, o.total_cents, o.reason, o.shipping_address, o.idempotency_key, o.request_fingerprint, o.created_at, o.updated_at,
         (SELECT json_agg(json_build_object('productId', l.product_id, 'quantity', l.quantity, 'unitPriceCents', l.unit_price_cents) ORDER BY l.line_no)
            FROM orders.order_lines l WHERE l.order_id = o.id) AS lines
    FROM orders.orders o`;

/**
 * Orders in plain SQL: placing and confirming orders is the hottest write path
 * of the saga, and a few hand-written statements cost a fraction of the ORM's
 * query building (see docs/benchmarks.md). Joins the caller's transaction.
 */
@Injectable()
export class SqlOrderRepository extends OrderRepository {
  constructor(
    private readonly db: Transactions,
    private readonly changes: OrderChanges,
  ) {
    super();
  }

  /** Two writes: in a write-only unit (placing an order) they travel with its event as one statement. */
  async add(order: Order): Promise<void> {
    const state = order.snapshot();
    await this.db.write({
      sql: `INSERT INTO orders.orders (id, customer_id, status, total_cents, reason, idempotency_key, request_fingerprint, created_at, updated_at, shipping_address, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)`,
      parameters: [
        state.id,
        state.customerId,
        state.status,
        state.totalCents,
        state.reason,
        state.idempotencyKey,
        state.requestFingerprint,
        state.createdAt,
        state.updatedAt,
        state.shippingAddress === null ? null : JSON.stringify(state.shippingAddress),
      ],
      mapError: (error) =>
        isUniqueViolation(error, IDEMPOTENCY_CONSTRAINT) ? new DuplicateIdempotencyKeyError() : error,
    });
    await this.db.write({
      sql: `INSERT INTO orders.order_lines (order_id, line_no, product_id, quantity, unit_price_cents)
            SELECT $1, line.ordinality, line.product_id, line.quantity, line.unit_price_cents
              FROM unnest($2::uuid[], $3::int[], $4::int[]) WITH ORDINALITY AS line(product_id, quantity, unit_price_cents, ordinality)`,
      parameters: [
        state.id,
        state.lines.map((line) => line.productId),
        state.lines.map((line) => line.quantity),
        state.lines.map((line) => line.unitPriceCents),
      ],
    });
    // Its changed_in is the column's default.
    this.changes.changing();
  }

  async findById(id: string): Promise<Order | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.query<OrderRow>(`${SELECT_ORDER} WHERE o.id = $1`, [id]);
    return rows[0] ? toOrder(rows[0]) : null;
  }

  async findByIdempotencyKey(customerId: string, key: string): Promise<Order | null> {
    const rows = await this.db.query<OrderRow>(`${SELECT_ORDER} WHERE o.customer_id = $1 AND o.idempotency_key = $2`, [
      customerId,
      key,
    ]);
    return rows[0] ? toOrder(rows[0]) : null;
  }

  async update<T>(id: string, change: (order: Order) => T): Promise<{ order: Order; result: T }> {
    if (!isUuid(id)) throw new OrderNotFoundError(id);
    return this.db.run(async () => {
      const order = (await this.lockMany([id])).get(id);
      if (!order) throw new OrderNotFoundError(id);
      const result = change(order);
      await this.saveMany([order]);
      return { order, result };
    });
  }

  async lockMany(ids: readonly string[]): Promise<Map<string, Order>> {
    if (!this.db.inTransaction()) throw new Error('lockMany must run inside the transaction that saves the orders');
    const valid = [...new Set(ids)].filter(isUuid);
    if (valid.length === 0) return new Map();
    // Locked in id order, so that two batches sharing orders cannot deadlock.
    const rows = await this.db.query<OrderRow>(
      `${SELECT_ORDER} WHERE o.id = ANY($1::uuid[]) ORDER BY o.id FOR UPDATE OF o`,
      [valid],
    );
    return new Map(rows.map((row) => [row.id, toOrder(row)]));
  }

  async saveMany(orders: readonly Order[]): Promise<void> {
    if (orders.length === 0) return;
    const states = orders.map((order) => order.snapshot());
    this.changes.changing();
    await this.db.query(
      `UPDATE orders.orders o
          SET status = v.status, reason = v.reason, updated_at = v.updated_at, version = o.version + 1, changed_in = pg_current_xact_id()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS v(id, status, reason, updated_at)
        WHERE o.id = v.id`,
      [
        states.map((state) => state.id),
        states.map((state) => state.status),
        states.map((state) => state.reason),
        states.map((state) => state.updatedAt),
      ],
    );
  }
}

function toOrder(row: OrderRow): Order {
  return Order.restore({
    id: row.id,
    customerId: row.customer_id,
    status: row.status,
    lines: row.lines ?? [],
    totalCents: Number(row.total_cents),
    reason: row.reason,
    shippingAddress: row.shipping_address,
    idempotencyKey: row.idempotency_key,
    requestFingerprint: row.request_fingerprint,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
