import { EventTransport } from '../../src/shared/messaging/transport/event-transport.js';
import type { EventEnvelope } from '../../src/shared/messaging/events/event-envelope.js';
import { eventually } from '../support/eventually.js';
import { PUBLISHED_CONTRACTS } from '../support/published-contracts.js';
import { expectStatus, SHIPPING_ADDRESS, shipmentOf, ShopActions } from '../support/shop-actions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { queryRows } from '../support/test-database.js';
import { undeliveredEvents } from '../support/undelivered-events.js';

/**
 * At-least-once delivery means every event may arrive again, in any state.
 * Re-delivering every event the system ever raised, of every type, twice,
 * must change nothing.
 */
describe('redelivery of every event type', () => {
  let app: TestApp;
  let shop: ShopActions;

  beforeAll(async () => {
    app = await startTestApp();
    shop = new ShopActions(app.http);
  });
  afterAll(async () => {
    await app?.close();
  });

  const sql = <T>(text: string) => queryRows<T>(app.database.url, text);

  const snapshot = async () => ({
    stock: await sql('SELECT id, stock, price_cents FROM catalog.products ORDER BY id'),
    orders: await sql('SELECT id, status, reason FROM orders.orders ORDER BY id'),
    orderShipments: await sql('SELECT order_id, shipment_id, status, carrier FROM orders.order_shipments ORDER BY 1'),
    shipments: await sql('SELECT id, order_id, status, carrier, failure_reason FROM shipping.shipments ORDER BY id'),
    reservations: await sql('SELECT order_id, status, lines FROM catalog.stock_reservations ORDER BY order_id'),
    users: await sql('SELECT id, email, roles FROM users.users ORDER BY id'),
    events: await sql(
      `SELECT (SELECT count(*) FROM users.outbox) AS users, (SELECT count(*) FROM catalog.outbox) AS catalog, (SELECT count(*) FROM orders.outbox) AS orders, (SELECT count(*) FROM shipping.outbox) AS shipping`,
    ),
  });

  it('has no second effect', async () => {
    const admin = await shop.adminToken();
    const customer = await shop.registerCustomer();
    const plenty = await shop.createProduct(admin, { stock: 10, priceCents: 500 });
    const scarce = await shop.createProduct(admin, { stock: 1 });
    expectStatus(
      await app.http.patch(`/api/catalog/products/${plenty.id}`, { priceCents: 450 }, { token: admin }),
      200,
    );

    const place = async (lines: { productId: string; quantity: number }[]) =>
      (await app.http.post('/api/orders', { lines, shippingAddress: SHIPPING_ADDRESS }, { token: customer.token })).body
        .id as string;
    const delivered = await place([{ productId: plenty.id, quantity: 2 }]);
    const rejected = await place([{ productId: scarce.id, quantity: 5 }]);
    const cancelledAfterConfirm = await place([{ productId: plenty.id, quantity: 3 }]);
    const shippingFailed = await place([{ productId: plenty.id, quantity: 1 }]);
    const final = (id: string) =>
      eventually(
        () => app.http.get(`/api/orders/${id}`, { token: customer.token }),
        (r) => r.body.status !== 'PENDING',
      );
    await Promise.all([final(delivered), final(rejected), final(cancelledAfterConfirm), final(shippingFailed)]);
    const shipments = await Promise.all(
      [delivered, cancelledAfterConfirm, shippingFailed].map((id) => shipmentOf(app.http, admin, id)),
    );
    expectStatus(
      await app.http.post(`/api/orders/${cancelledAfterConfirm}/cancel`, undefined, { token: customer.token }),
      200,
    );
    const act = (id: string, action: string, body: object = {}) =>
      app.http.post(`/api/admin/shipments/${id}/${action}`, body, { token: admin });
    expectStatus(await act(shipments[0].id, 'dispatch', { carrier: 'DHL', trackingNumber: 'JD1' }), 200);
    expectStatus(await act(shipments[0].id, 'deliver'), 200);
    expectStatus(await act(shipments[2].id, 'fail', { reason: 'Address does not exist.' }), 200);
    await eventually(
      () => sql<{ n: number }>("SELECT count(*)::int AS n FROM catalog.stock_reservations WHERE status = 'RELEASED'"),
      (rows) => rows[0].n === 2,
    );
    await eventually(
      () => sql<{ status: string }>(`SELECT status FROM orders.orders WHERE id = '${delivered}'`),
      (rows) => rows[0].status === 'DELIVERED',
    );
    await eventually(
      () => undeliveredEvents(app.database.url),
      (undelivered) => undelivered === 0,
    );

    const before = await snapshot();
    const envelopes = await sql<{ envelope: EventEnvelope }>(
      `SELECT json_build_object('id', id, 'type', type, 'occurredAt', occurred_at, 'aggregateId', aggregate_id, 'correlationId', correlation_id, 'causationId', causation_id, 'payload', payload) AS envelope
         FROM (SELECT * FROM users.outbox UNION ALL SELECT * FROM catalog.outbox UNION ALL SELECT * FROM orders.outbox
               UNION ALL SELECT * FROM shipping.outbox) events ORDER BY occurred_at`,
    );
    const types = new Set(envelopes.map((row) => row.envelope.type));
    // Every event type there is (test/contracts lists them by name) was published here, so every one is redelivered below.
    expect([...types].sort()).toEqual(PUBLISHED_CONTRACTS.map(([, contract]) => contract.type).sort());

    const transport = app.running.app.get(EventTransport);
    for (let round = 0; round < 2; round++) {
      for (const { envelope } of envelopes) await transport.publish(envelope);
    }
    expect(await snapshot()).toEqual(before);
  });
});
