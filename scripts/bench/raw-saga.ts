import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { v7 as uuidV7 } from 'uuid';
import { childInput, childResult } from './child.js';
import { closedLoop } from './closed-loop.js';

interface Input {
  readonly databaseUrl: string;
  readonly productIds: string[];
  readonly concurrency: number;
  readonly durationMs: number;
}

/**
 * The framework-cost breakdown, not the baseline (that is lean-saga.ts): Tessera's own statements for
 * one order's saga (to the shipment shown on the order), replayed through `pg` by concurrent clients with no framework, so the gap to macro
 * is what the framework adds and the gap to the lean saga is what our SQL design costs. Durable
 * commits, same database, same tables and indexes.
 */
const input = childInput<Input>();
const pool = new pg.Pool({ connectionString: input.databaseUrl, max: input.concurrency + 2 });

async function tx<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

const OUTBOX = (schema: string) =>
  `INSERT INTO ${schema}.outbox (id, type, aggregate_id, correlation_id, causation_id, occurred_at, payload) VALUES ($1, $2, $3, $4, $5, now(), $6)`;

async function oneOrder(): Promise<void> {
  const orderId = uuidV7();
  const customerId = randomUUID();
  const productId = input.productIds[Math.floor(Math.random() * input.productIds.length)];
  const correlation = randomUUID();
  const lines = [{ productId, quantity: 1, unitPriceCents: 1000 }];
  const placedId = randomUUID();
  await tx(async (c) => {
    // The order and its line in one statement, as Tessera's repository writes them.
    await c.query(
      `WITH placed AS (INSERT INTO orders.orders (id, customer_id, status, total_cents, created_at, updated_at, version) VALUES ($1, $2, 'PENDING', 1000, now(), now(), 1) RETURNING id)
       INSERT INTO orders.order_lines (order_id, line_no, product_id, quantity, unit_price_cents) SELECT placed.id, 1, $3, 1, 1000 FROM placed`,
      [orderId, customerId, productId],
    );
    await c.query(OUTBOX('orders'), [
      placedId,
      'orders.order-placed.v1',
      orderId,
      correlation,
      null,
      JSON.stringify({ orderId, customerId, lines, totalCents: 1000 }),
    ]);
  });
  const reservedId = randomUUID();
  await tx(async (c) => {
    await c.query('INSERT INTO catalog.inbox (event_id, handler) VALUES ($1, $2)', [placedId, 'catalog.reserve-stock']);
    await c.query('SELECT id, stock FROM catalog.products WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [
      [productId],
    ]);
    // The reservation claimed by its key: the primary key serialises a reserve against a cancel.
    await c.query(
      `INSERT INTO catalog.stock_reservations (order_id, status, lines, reason) VALUES ($1, 'RESERVED', $2, NULL)
       ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
      [orderId, JSON.stringify([{ productId, quantity: 1 }])],
    );
    await c.query(
      'UPDATE catalog.products SET stock = stock - 1, updated_at = now(), version = version + 1 WHERE id = $1',
      [productId],
    );
    await c.query(OUTBOX('catalog'), [
      reservedId,
      'catalog.stock-reserved.v1',
      orderId,
      correlation,
      placedId,
      JSON.stringify({ orderId, lines: [{ productId, quantity: 1 }] }),
    ]);
  });
  await pool.query('UPDATE orders.outbox SET delivered_at = now(), attempts = attempts + 1 WHERE id = $1', [placedId]);
  const confirmedId = randomUUID();
  await tx(async (c) => {
    await c.query('INSERT INTO orders.inbox (event_id, handler) VALUES ($1, $2)', [reservedId, 'orders.confirm-order']);
    // The order with its lines in one statement, as Tessera's repository reads it.
    await c.query(
      `SELECT o.id, o.status, (SELECT json_agg(l.line_no) FROM orders.order_lines l WHERE l.order_id = o.id) AS lines
         FROM orders.orders o WHERE o.id = $1 FOR UPDATE OF o`,
      [orderId],
    );
    await c.query(
      `UPDATE orders.orders SET status = 'CONFIRMED', updated_at = now(), version = version + 1 WHERE id = $1`,
      [orderId],
    );
    await c.query(OUTBOX('orders'), [
      confirmedId,
      'orders.order-confirmed.v1',
      orderId,
      correlation,
      reservedId,
      JSON.stringify({ orderId, customerId, totalCents: 1000 }),
    ]);
  });
  await pool.query('UPDATE catalog.outbox SET delivered_at = now(), attempts = attempts + 1 WHERE id = $1', [
    reservedId,
  ]);
  await pool.query('UPDATE orders.outbox SET delivered_at = now(), attempts = attempts + 1 WHERE id = $1', [
    confirmedId,
  ]);
  const [shipmentId, createdId] = [uuidV7(), randomUUID()];
  await tx(async (c) => {
    await c.query('INSERT INTO shipping.inbox (event_id, handler) VALUES ($1, $2)', [
      confirmedId,
      'shipping.create-shipment',
    ]);
    await c.query(
      `INSERT INTO shipping.shipments (id, order_id, customer_id, status, lines, address, created_at, updated_at)
       VALUES ($1, $2, $3, 'PENDING', $4, NULL, now(), now()) ON CONFLICT (order_id) DO NOTHING RETURNING 1`,
      [shipmentId, orderId, customerId, JSON.stringify([{ productId, quantity: 1 }])],
    );
    await c.query(OUTBOX('shipping'), [
      createdId,
      'shipping.shipment-created.v1',
      shipmentId,
      correlation,
      confirmedId,
      JSON.stringify({ shipmentId, orderId, customerId, lines: [{ productId, quantity: 1 }] }),
    ]);
  });
  await tx(async (c) => {
    await c.query('INSERT INTO orders.inbox (event_id, handler) VALUES ($1, $2)', [
      createdId,
      'orders.project-shipment-created',
    ]);
    await c.query(
      `INSERT INTO orders.order_shipments (order_id, shipment_id, status, carrier, tracking_number, updated_at)
       VALUES ($1, $2, 'PENDING', NULL, NULL, now())
       ON CONFLICT (order_id) DO UPDATE SET shipment_id = EXCLUDED.shipment_id, status = EXCLUDED.status,
         carrier = COALESCE(EXCLUDED.carrier, order_shipments.carrier),
         tracking_number = COALESCE(EXCLUDED.tracking_number, order_shipments.tracking_number), updated_at = EXCLUDED.updated_at`,
      [orderId, shipmentId],
    );
  });
  await pool.query('UPDATE shipping.outbox SET delivered_at = now(), attempts = attempts + 1 WHERE id = $1', [
    createdId,
  ]);
}

const { completed, seconds } = await closedLoop(input.concurrency, input.durationMs, oneOrder);
await pool.end();
childResult({ completed, seconds, ordersPerSecond: completed / seconds });
