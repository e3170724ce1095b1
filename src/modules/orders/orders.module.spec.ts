import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { deliverTogether } from '../../../test/support/deliver-together.js';
import { statementsDuring } from '../../../test/support/statement-log.js';
import { Global, Module } from '@nestjs/common';
import { startTestApp, type TestApp } from '../../../test/support/test-app.js';
import { tokenFor } from '../../../test/support/tokens.js';
import { CatalogFacade, type ProductSnapshot } from '../catalog/public/index.js';
import { Transactions } from '../../shared/database/index.js';
import type { EventEnvelope } from '../../shared/messaging/index.js';
import { ConfirmOrderHandler } from './application/confirm-order.handler.js';
import { DeliverOrderHandler } from './application/deliver-order.handler.js';
import { ShipmentCreatedProjection, ShipmentDispatchedProjection } from './application/shipment-projection.handlers.js';
import { OrdersModule } from './orders.module.js';
import { OrderConfirmedV1, OrdersFacade } from './public/index.js';

/** The catalog replaced at its public boundary: a fixed price list. */
class PriceListCatalog extends CatalogFacade {
  readonly products = new Map<string, ProductSnapshot>();
  async findProducts(ids: readonly string[]): Promise<ProductSnapshot[]> {
    return ids.flatMap((id) => this.products.get(id) ?? []);
  }
}
const catalog = new PriceListCatalog();

@Global()
@Module({ providers: [{ provide: CatalogFacade, useValue: catalog }], exports: [CatalogFacade] })
class CatalogStandInModule {}

/** The orders module booted alone on a real database, with the catalog replaced at its facade. */
describe('orders module in isolation', () => {
  let app: TestApp;
  const tea = { id: randomUUID(), sku: 'TEA', name: 'Tea', priceCents: 450, stock: 3 };
  const customer = randomUUID();
  const token = tokenFor(['customer'], customer);

  beforeAll(async () => {
    catalog.products.set(tea.id, tea);
    app = await startTestApp({}, { modules: [OrdersModule.forRoot(), { module: CatalogStandInModule }] });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('owns only its own database and routes', async () => {
    const health = await app.http.get('/health');
    expect(Object.keys(health.body.dependencies)).toEqual(['database:orders']);
    expect((await app.http.get('/api/catalog/products')).status).toBe(404);
    expect((await app.http.post('/api/users', {})).status).toBe(404);
  });

  it('prices an order with what the catalog facade says at placement time', async () => {
    const placed = await app.http.post('/api/orders', { lines: [{ productId: tea.id, quantity: 2 }] }, { token });
    expect(placed.status).toBe(202);
    expect(placed.body).toMatchObject({
      status: 'PENDING',
      totalCents: 900,
      lines: [{ productId: tea.id, quantity: 2, unitPriceCents: 450 }],
    });

    catalog.products.set(tea.id, { ...tea, priceCents: 999 });
    const again = await app.http.get(`/api/orders/${placed.body.id}`, { token });
    expect(again.body.totalCents).toBe(900);
  });

  it('refuses a product the catalog does not know', async () => {
    const missing = randomUUID();
    const response = await app.http.post(
      '/api/orders',
      {
        lines: [
          { productId: tea.id, quantity: 1 },
          { productId: missing, quantity: 1 },
        ],
      },
      { token },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual({ 'lines[1].productId': ['is not a product in the catalog'] });
  });

  it('answers other modules through OrdersFacade', async () => {
    catalog.products.set(tea.id, { ...tea, priceCents: 999 });
    const placed = await app.http.post('/api/orders', { lines: [{ productId: tea.id, quantity: 1 }] }, { token });
    const facade = app.running.app.get(OrdersFacade);
    await expect(facade.findOrder(placed.body.id)).resolves.toMatchObject({
      id: placed.body.id,
      customerId: customer,
      status: 'PENDING',
      totalCents: 999,
    });
    await expect(facade.findOrder(randomUUID())).resolves.toBeNull();
    await expect(facade.findOrder('not-a-uuid')).resolves.toBeNull();
  });

  it("shows an order's shipment as shipping last moved it, even when its events arrive out of order", async () => {
    const placed = await app.http.post('/api/orders', { lines: [{ productId: tea.id, quantity: 1 }] }, { token });
    const orderId = placed.body.id as string;
    const shipmentId = randomUUID();
    const envelope = {} as EventEnvelope<unknown>;
    const handle = (work: () => Promise<void>) => app.running.app.get(Transactions).run(work);
    const dispatched = { shipmentId, orderId, carrier: 'DHL', trackingNumber: 'JD1' };
    await handle(() => app.running.app.get(ShipmentDispatchedProjection).handle({ envelope, payload: dispatched }));
    await handle(() => app.running.app.get(DeliverOrderHandler).handle({ envelope, payload: { shipmentId, orderId } }));
    // A late shipment-created (another replica, a re-driven dead letter) takes nothing back.
    await handle(() =>
      app.running.app.get(ShipmentCreatedProjection).handle({ envelope, payload: { shipmentId, orderId } }),
    );
    const order = await app.http.get(`/api/orders/${orderId}`, { token });
    expect(order.body.shipment).toEqual({ status: 'DELIVERED', carrier: 'DHL', trackingNumber: 'JD1' });
    expect(order.body.status).toBe('PENDING'); // only SHIPPED orders become DELIVERED; this one never shipped
  });

  describe('events delivered together, handled as one batch', () => {
    const place = async () =>
      (await app.http.post('/api/orders', { lines: [{ productId: tea.id, quantity: 1 }] }, { token })).body as {
        id: string;
      };

    it('confirms reserved orders with one lock and one write, leaving a cancelled one cancelled', async () => {
      const orders = [await place(), await place(), await place(), await place()];
      expect((await app.http.post(`/api/orders/${orders[2].id}/cancel`, {}, { token })).status).toBe(200);
      const batches = jest.spyOn(app.running.app.get(ConfirmOrderHandler), 'handleMany');
      const { result: envelopes, statements } = await statementsDuring(() =>
        deliverTogether(
          app.running.app,
          ConfirmOrderHandler,
          orders.map(({ id }) => ({ orderId: id, lines: [{ productId: tea.id, quantity: 1 }] })),
        ),
      );

      // The first alone, the three that waited as one batch: a lock and a write each.
      expect(batches.mock.calls.map(([events]) => events.length)).toEqual([3]);
      batches.mockRestore();
      expect(statements.filter((sql) => /orders\.orders\b/.test(sql))).toHaveLength(2 + 2);
      const statuses = await Promise.all(
        orders.map(async ({ id }) => (await app.http.get(`/api/orders/${id}`, { token })).body.status as string),
      );
      expect(statuses).toEqual(['CONFIRMED', 'CONFIRMED', 'CANCELLED', 'CONFIRMED']);
      const raised = await app.running.app
        .get(Transactions)
        .query<{ aggregate_id: string; causation_id: string }>(
          'SELECT aggregate_id, causation_id FROM orders.outbox WHERE type = $1 AND aggregate_id = ANY($2)',
          [OrderConfirmedV1.type, orders.map(({ id }) => id)],
        );
      const causes = new Map(envelopes.map((sent) => [sent.payload.orderId, sent.id]));
      expect(raised.map((row) => row.aggregate_id).sort()).toEqual([orders[0].id, orders[1].id, orders[3].id].sort());
      for (const row of raised) expect(row.causation_id).toBe(causes.get(row.aggregate_id));
    });

    it('records the shipments of several orders in one statement, and one by one when an order comes twice', async () => {
      const orders = [await place(), await place(), await place()];
      const shipments = orders.map(({ id }) => ({ orderId: id, shipmentId: randomUUID() }));
      const batches = jest.spyOn(app.running.app.get(ShipmentDispatchedProjection), 'handleMany');
      // The first order's dispatch twice, under two event ids (a redelivery): the batch statement refuses it.
      const dispatched = shipments.map((shipment) => ({
        ...shipment,
        carrier: 'DHL',
        trackingNumber: shipment.orderId,
      }));
      await deliverTogether(app.running.app, ShipmentDispatchedProjection, [
        dispatched[1],
        dispatched[0],
        dispatched[0],
      ]);
      await deliverTogether(app.running.app, ShipmentDispatchedProjection, [
        dispatched[1],
        dispatched[2],
        dispatched[0],
      ]);

      expect(batches.mock.calls.map(([events]) => events.length)).toEqual([2, 2]);
      await expect(batches.mock.results[0].value).rejects.toThrow(/cannot affect row a second time/);
      await expect(batches.mock.results[1].value).resolves.toBeUndefined();
      batches.mockRestore();
      for (const { id } of orders) {
        const order = await app.http.get(`/api/orders/${id}`, { token });
        expect(order.body.shipment).toEqual({ status: 'DISPATCHED', carrier: 'DHL', trackingNumber: id });
      }
    });
  });
});
