import { TESSERA_MODULES } from '../../../src/module-registry.js';
import { stockDiscrepancies } from '../../support/stock-ledger.js';
import { queryRows } from '../../support/test-database.js';
import { undeliveredEvents } from '../../support/undelivered-events.js';

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

/** The database each module's schema is in: the shared one, or its own in micro. */
export type ModuleDatabases = (module: string) => string;

export interface SagaTally {
  readonly orders: Record<string, number>;
  readonly shipments: Record<string, number>;
  readonly events: number;
}

const schemas = TESSERA_MODULES.map((module) => module.definition.schema);

/** Orders still PENDING, and shipments whose status orders does not show (yet): zero once the saga is quiet. */
export async function inFlight(databases: ModuleDatabases): Promise<number> {
  const orders = await queryRows<{ pending: string }>(
    databases('orders'),
    `SELECT count(*) FILTER (WHERE status = 'PENDING') AS pending FROM orders.orders`,
  );
  const { shipments, shown } = await shipmentsAndViews(databases);
  let behind = 0;
  for (const [orderId, status] of shipments) if (shown.get(orderId) !== status) behind += 1;
  return Number(orders[0].pending) + behind;
}

async function shipmentsAndViews(databases: ModuleDatabases) {
  const shipments = await queryRows<{ order_id: string; status: string }>(
    databases('shipping'),
    'SELECT order_id, status FROM shipping.shipments',
  );
  const shown = await queryRows<{ order_id: string; status: string }>(
    databases('orders'),
    'SELECT order_id, status FROM orders.order_shipments',
  );
  return {
    shipments: new Map(shipments.map((row) => [row.order_id, row.status])),
    shown: new Map(shown.map((row) => [row.order_id, row.status])),
  };
}

/**
 * The saga's invariants, read from the databases once everything has settled;
 * each failed one is a line of the returned list (empty when all hold).
 */
export async function sagaViolations(
  databases: ModuleDatabases,
  initialStock: ReadonlyMap<string, number>,
  accepted: ReadonlySet<string>,
): Promise<{ violations: string[]; tally: SagaTally }> {
  const violations: string[] = [];

  const orders = await queryRows<{ id: string; status: string }>(
    databases('orders'),
    'SELECT id, status FROM orders.orders',
  );
  const { shipments, shown } = await shipmentsAndViews(databases);
  const byStatus: Record<string, number> = {};
  for (const order of orders) {
    byStatus[order.status] = (byStatus[order.status] ?? 0) + 1;
    const shipment = shipments.get(order.id) ?? null;
    if (!SHIPMENT_OF[order.status].includes(shipment))
      violations.push(`order ${order.id} is ${order.status} but its shipment is ${shipment ?? 'missing'}`);
    if ((shown.get(order.id) ?? null) !== shipment)
      violations.push(
        `order ${order.id} shows shipment ${shown.get(order.id) ?? 'none'}; shipping has ${shipment ?? 'none'}`,
      );
  }
  const known = new Set(orders.map((order) => order.id));
  for (const id of accepted) if (!known.has(id)) violations.push(`order ${id} was accepted (202) but is not stored`);

  // Stock: what each product lost is exactly what its confirmed, shipped and delivered orders hold.
  violations.push(
    ...(await stockDiscrepancies({ orders: databases('orders'), catalog: databases('catalog') }, initialStock)),
  );

  // Events: none left undelivered, none parked, each handled exactly once by each module that consumes its type.
  const left = await undeliveredEvents(databases);
  if (left > 0) violations.push(`${left} events left undelivered`);
  let events = 0;
  for (const schema of schemas) {
    const [row] = await queryRows<{ parked: string; events: string }>(
      databases(schema),
      `SELECT (SELECT count(*) FROM ${schema}.dead_letters) AS parked, (SELECT count(*) FROM ${schema}.outbox) AS events`,
    );
    events += Number(row.events);
    if (Number(row.parked) > 0) violations.push(`${row.parked} ${schema} events parked as dead letters`);
  }
  for (const consumer of TESSERA_MODULES) {
    const inbox = await queryRows<{ event_id: string; handler: string }>(
      databases(consumer.definition.schema),
      `SELECT event_id, handler FROM ${consumer.definition.schema}.inbox`,
    );
    const handled = new Map<string, number>();
    for (const row of inbox) handled.set(row.event_id, (handled.get(row.event_id) ?? 0) + 1);
    for (const type of consumer.definition.consumes) {
      const publisher = type.split('.')[0];
      const published = await queryRows<{ id: string }>(
        databases(publisher),
        `SELECT id FROM ${publisher}.outbox WHERE type = '${type}'`,
      );
      // Never twice: the inbox key (event, handler) forbids it, and the stock and shipment checks above would show it.
      const missing = published.filter((event) => handled.get(event.id) !== 1).length;
      if (missing > 0)
        violations.push(`${consumer.name}: ${missing} of ${published.length} ${type} events not handled`);
    }
  }
  const shipmentsByStatus: Record<string, number> = {};
  for (const status of shipments.values()) shipmentsByStatus[status] = (shipmentsByStatus[status] ?? 0) + 1;
  return { violations, tally: { orders: byStatus, shipments: shipmentsByStatus, events } };
}
