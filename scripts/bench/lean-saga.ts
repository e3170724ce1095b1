import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { v7 as uuidV7 } from 'uuid';
import { childInput, childResult } from './child.js';
import { closedLoop } from './closed-loop.js';

interface Input {
  readonly databaseUrl: string;
  readonly concurrency: number;
  readonly durationMs: number;
}

/**
 * The lean saga: the least SQL one order needs with every guarantee kept, through plain `pg`, written
 * for this benchmark and not derived from Tessera's statements. Each step is ONE statement, so one
 * round trip and one durable commit: the order, its line and its outbox row; the stock reservation
 * as a conditional `UPDATE … WHERE stock >= n` with its reservation record, inbox and outbox rows;
 * the confirmation with its inbox and outbox rows; the shipment with its inbox and outbox rows; the
 * shipment on the order (the read model) with its inbox row. Delivered marks are set per batch, as a
 * relay would. No NOTIFY, no advisory locks; effectively-once holds through the inbox keys.
 */
const input = childInput<Input>();
const pool = new pg.Pool({ connectionString: input.databaseUrl, max: input.concurrency + 1 });
const PRODUCTS = 100;

const SCHEMA = `
  CREATE SCHEMA lean;
  CREATE TABLE lean.products (id uuid PRIMARY KEY, price_cents int NOT NULL, stock int NOT NULL CHECK (stock >= 0));
  CREATE TABLE lean.orders (id uuid PRIMARY KEY, customer_id uuid NOT NULL, status text NOT NULL,
    total_cents int NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE lean.order_lines (order_id uuid REFERENCES lean.orders, line_no int, product_id uuid NOT NULL,
    quantity int NOT NULL, unit_price_cents int NOT NULL, PRIMARY KEY (order_id, line_no));
  CREATE TABLE lean.stock_reservations (order_id uuid PRIMARY KEY, lines jsonb NOT NULL);
  CREATE TABLE lean.orders_outbox (id uuid PRIMARY KEY, type text NOT NULL, aggregate_id uuid NOT NULL,
    payload jsonb NOT NULL, occurred_at timestamptz NOT NULL DEFAULT now(), delivered_at timestamptz);
  CREATE TABLE lean.catalog_outbox (LIKE lean.orders_outbox INCLUDING ALL);
  CREATE TABLE lean.shipping_outbox (LIKE lean.orders_outbox INCLUDING ALL);
  CREATE TABLE lean.shipments (id uuid PRIMARY KEY, order_id uuid NOT NULL UNIQUE, status text NOT NULL,
    lines jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE lean.order_shipments (order_id uuid PRIMARY KEY REFERENCES lean.orders, shipment_id uuid NOT NULL,
    status text NOT NULL);
  CREATE INDEX ON lean.orders_outbox (occurred_at) WHERE delivered_at IS NULL;
  CREATE INDEX ON lean.catalog_outbox (occurred_at) WHERE delivered_at IS NULL;
  CREATE INDEX ON lean.shipping_outbox (occurred_at) WHERE delivered_at IS NULL;
  CREATE TABLE lean.orders_inbox (event_id uuid, handler text, PRIMARY KEY (event_id, handler));
  CREATE TABLE lean.catalog_inbox (LIKE lean.orders_inbox INCLUDING ALL);
  CREATE TABLE lean.shipping_inbox (LIKE lean.orders_inbox INCLUDING ALL);
`;

const PLACE = `
  WITH placed AS (
    INSERT INTO lean.orders (id, customer_id, status, total_cents) VALUES ($1, $2, 'PENDING', $5::int * $6::int) RETURNING id
  ), line AS (
    INSERT INTO lean.order_lines (order_id, line_no, product_id, quantity, unit_price_cents)
    SELECT id, 1, $3, $5, $6 FROM placed
  )
  INSERT INTO lean.orders_outbox (id, type, aggregate_id, payload)
  SELECT $4, 'orders.order-placed.v1', id, $7 FROM placed`;

const RESERVE = `
  WITH received AS (
    INSERT INTO lean.catalog_inbox (event_id, handler) VALUES ($1, 'catalog.reserve-stock')
    ON CONFLICT DO NOTHING RETURNING event_id
  ), taken AS (
    UPDATE lean.products SET stock = stock - $4
     WHERE id = $3 AND stock >= $4 AND EXISTS (SELECT FROM received) RETURNING id
  ), recorded AS (
    INSERT INTO lean.stock_reservations (order_id, lines) SELECT $2, $6 FROM taken
  )
  INSERT INTO lean.catalog_outbox (id, type, aggregate_id, payload)
  SELECT $5, CASE WHEN EXISTS (SELECT FROM taken) THEN 'catalog.stock-reserved.v1'
                  ELSE 'catalog.stock-reservation-failed.v1' END, $2, $6
    FROM received`;

const CONFIRM = `
  WITH received AS (
    INSERT INTO lean.orders_inbox (event_id, handler) VALUES ($1, 'orders.confirm-order')
    ON CONFLICT DO NOTHING RETURNING event_id
  ), confirmed AS (
    UPDATE lean.orders SET status = 'CONFIRMED', updated_at = now()
     WHERE id = $2 AND status = 'PENDING' AND EXISTS (SELECT FROM received) RETURNING customer_id, total_cents
  )
  INSERT INTO lean.orders_outbox (id, type, aggregate_id, payload)
  SELECT $3, 'orders.order-confirmed.v1', $2,
         jsonb_build_object('orderId', $2::uuid, 'customerId', customer_id, 'totalCents', total_cents)
    FROM confirmed`;

const SHIP = `
  WITH received AS (
    INSERT INTO lean.shipping_inbox (event_id, handler) VALUES ($1, 'shipping.create-shipment')
    ON CONFLICT DO NOTHING RETURNING event_id
  ), created AS (
    INSERT INTO lean.shipments (id, order_id, status, lines) SELECT $2, $3, 'PENDING', $5 FROM received
    ON CONFLICT (order_id) DO NOTHING RETURNING id
  )
  INSERT INTO lean.shipping_outbox (id, type, aggregate_id, payload)
  SELECT $4, 'shipping.shipment-created.v1', id, jsonb_build_object('shipmentId', id, 'orderId', $3::uuid)
    FROM created`;

const PROJECT = `
  WITH received AS (
    INSERT INTO lean.orders_inbox (event_id, handler) VALUES ($1, 'orders.project-shipment-created')
    ON CONFLICT DO NOTHING RETURNING event_id
  )
  INSERT INTO lean.order_shipments (order_id, shipment_id, status) SELECT $2, $3, 'PENDING' FROM received
  ON CONFLICT (order_id) DO UPDATE SET shipment_id = EXCLUDED.shipment_id, status = EXCLUDED.status`;

const MARK = (table: string) => `UPDATE lean.${table} SET delivered_at = now() WHERE id = ANY($1::uuid[])`;

await pool.query('DROP SCHEMA IF EXISTS lean CASCADE');
await pool.query(SCHEMA);
const productIds = Array.from({ length: PRODUCTS }, () => uuidV7());
await pool.query(
  'INSERT INTO lean.products (id, price_cents, stock) SELECT id, 1000, 1000000000 FROM unnest($1::uuid[]) AS p(id)',
  [productIds],
);

/** Relayed ids per outbox, marked delivered in one statement per batch. */
const relayed = { orders_outbox: [] as string[], catalog_outbox: [] as string[], shipping_outbox: [] as string[] };
let roundTrips = 0;

async function markDelivered(): Promise<void> {
  for (const table of ['orders_outbox', 'catalog_outbox', 'shipping_outbox'] as const) {
    const ids = relayed[table].splice(0);
    if (ids.length === 0) continue;
    await pool.query(MARK(table), [ids]);
    roundTrips += 1;
  }
}

async function oneOrder(): Promise<void> {
  const orderId = uuidV7();
  const productId = productIds[Math.floor(Math.random() * productIds.length)];
  const [placedId, reservedId, confirmedId, createdId, shipmentId] = [
    randomUUID(),
    randomUUID(),
    randomUUID(),
    randomUUID(),
    uuidV7(),
  ];
  const lines = JSON.stringify([{ productId, quantity: 1 }]);
  const placed = JSON.stringify({ orderId, lines: [{ productId, quantity: 1, unitPriceCents: 1000 }] });
  await pool.query(PLACE, [orderId, randomUUID(), productId, placedId, 1, 1000, placed]);
  relayed.orders_outbox.push(placedId);
  await pool.query(RESERVE, [placedId, orderId, productId, 1, reservedId, lines]);
  relayed.catalog_outbox.push(reservedId);
  await pool.query(CONFIRM, [reservedId, orderId, confirmedId]);
  relayed.orders_outbox.push(confirmedId);
  await pool.query(SHIP, [confirmedId, shipmentId, orderId, createdId, lines]);
  relayed.shipping_outbox.push(createdId);
  await pool.query(PROJECT, [createdId, orderId, shipmentId]);
  roundTrips += 5;
}

// One batch of marks at a time: the last one must have committed before the count below.
let marks = Promise.resolve();
const marking = setInterval(() => {
  marks = marks.then(markDelivered);
}, 20);
const { completed, seconds } = await closedLoop(input.concurrency, input.durationMs, oneOrder);
clearInterval(marking);
await marks;
await markDelivered();
const confirmed = await pool.query<{ n: string }>(
  `SELECT count(*) AS n FROM lean.orders o JOIN lean.order_shipments s ON s.order_id = o.id WHERE o.status = 'CONFIRMED'`,
);
const undelivered = await pool.query<{ n: string }>(
  `SELECT (SELECT count(*) FROM lean.orders_outbox WHERE delivered_at IS NULL)
        + (SELECT count(*) FROM lean.catalog_outbox WHERE delivered_at IS NULL)
        + (SELECT count(*) FROM lean.shipping_outbox WHERE delivered_at IS NULL) AS n`,
);
await pool.query('DROP SCHEMA lean CASCADE');
await pool.end();
if (Number(confirmed.rows[0].n) !== completed || Number(undelivered.rows[0].n) !== 0) {
  throw new Error(
    `lean saga lost work: ${completed} sagas, ${confirmed.rows[0].n} confirmed, ${undelivered.rows[0].n} undelivered`,
  );
}
childResult({ completed, seconds, ordersPerSecond: completed / seconds, roundTripsPerOrder: roundTrips / completed });
