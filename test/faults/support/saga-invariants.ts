import { TESSERA_MODULES } from '../../../src/module-registry.js';
import { queryRows } from '../../support/test-database.js';

/** What an order's status says its shipment (in shipping, and as orders shows it) must be. */
const SHIPMENT_OF: Record<string, readonly (string | null)[]> = {
  PENDING: [],
  REJECTED: [null],
  CONFIRMED: ['PENDING'],
  SHIPPED: ['DISPATCHED'],
  DELIVERED: ['DELIVERED'],
  // Cancelled before confirmation (none), before dispatch (CANCELLED), or in compensation for a failure.
  CANCELLED: [null, 'CANCELLED', 'FAILED'],
};

export interface SagaTally {
  readonly orders: Record<string, number>;
  readonly events: number;
}

/**
 * The saga's invariants, read from the database once everything has settled;
 * each failed one is a line of the returned list (empty when all hold).
 */
export async function sagaViolations(
  databaseUrl: string,
  initialStock: ReadonlyMap<string, number>,
  accepted: ReadonlySet<string>,
): Promise<{ violations: string[]; tally: SagaTally }> {
  const sql = <T>(text: string) => queryRows<T>(databaseUrl, text);
  const violations: string[] = [];

  const orders = await sql<{ id: string; status: string; shipment: string | null; shown: string | null }>(
    `SELECT o.id, o.status, s.status AS shipment, v.status AS shown
       FROM orders.orders o
       LEFT JOIN shipping.shipments s ON s.order_id = o.id
       LEFT JOIN orders.order_shipments v ON v.order_id = o.id`,
  );
  const byStatus: Record<string, number> = {};
  const known = new Set(orders.map((order) => order.id));
  for (const order of orders) {
    byStatus[order.status] = (byStatus[order.status] ?? 0) + 1;
    if (!SHIPMENT_OF[order.status].includes(order.shipment))
      violations.push(`order ${order.id} is ${order.status} but its shipment is ${order.shipment ?? 'missing'}`);
    if (order.shown !== order.shipment)
      violations.push(
        `order ${order.id} shows shipment ${order.shown ?? 'none'}; shipping has ${order.shipment ?? 'none'}`,
      );
  }
  for (const id of accepted) if (!known.has(id)) violations.push(`order ${id} was accepted (202) but is not stored`);

  // Stock: what each product lost is exactly what its confirmed, shipped and delivered orders hold.
  const held = await sql<{ product_id: string; held: string }>(
    `SELECT l.product_id, sum(l.quantity) AS held FROM orders.order_lines l JOIN orders.orders o ON o.id = l.order_id
      WHERE o.status IN ('CONFIRMED', 'SHIPPED', 'DELIVERED') GROUP BY l.product_id`,
  );
  const stock = await sql<{ id: string; stock: number }>('SELECT id, stock FROM catalog.products');
  for (const [id, initial] of initialStock) {
    const expected = initial - Number(held.find((row) => row.product_id === id)?.held ?? 0);
    const actual = stock.find((row) => row.id === id)?.stock;
    if (actual !== expected)
      violations.push(`product ${id}: stock ${actual}, expected ${initial} − held = ${expected}`);
  }

  // Events: none left undelivered, none parked, each handled exactly once by each module that consumes its type.
  const schemas = TESSERA_MODULES.map((module) => module.definition.schema);
  const [left] = await sql<{ undelivered: string; parked: string; events: string }>(
    `SELECT ${schemas.map((s) => `(SELECT count(*) FROM ${s}.outbox WHERE delivered_at IS NULL)`).join(' + ')} AS undelivered,
            ${schemas.map((s) => `(SELECT count(*) FROM ${s}.dead_letters)`).join(' + ')} AS parked,
            ${schemas.map((s) => `(SELECT count(*) FROM ${s}.outbox)`).join(' + ')} AS events`,
  );
  if (Number(left.undelivered) > 0) violations.push(`${left.undelivered} events left undelivered`);
  if (Number(left.parked) > 0) violations.push(`${left.parked} events parked as dead letters`);
  for (const consumer of TESSERA_MODULES) {
    for (const type of consumer.definition.consumes) {
      const publisher = type.split('.')[0];
      const [row] = await sql<{ events: string; handled: string }>(
        `SELECT (SELECT count(*) FROM ${publisher}.outbox WHERE type = '${type}') AS events,
                (SELECT count(*) FROM ${consumer.definition.schema}.inbox i JOIN ${publisher}.outbox o ON o.id = i.event_id
                  WHERE o.type = '${type}') AS handled`,
      );
      if (row.events !== row.handled)
        violations.push(`${consumer.name} handled ${row.handled} of ${row.events} ${type} events`);
    }
  }
  return { violations, tally: { orders: byStatus, events: Number(left.events) } };
}
