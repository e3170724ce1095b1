import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { deliverTogether } from '../../../test/support/deliver-together.js';
import { statementsDuring } from '../../../test/support/statement-log.js';
import { startTestApp, type TestApp } from '../../../test/support/test-app.js';
import { tokenFor } from '../../../test/support/tokens.js';
import { Transactions } from '../../shared/database/transactions/transactions.js';
import type { EventEnvelope } from '../../shared/messaging/events/event-envelope.js';
import { ReleaseStockHandler } from './application/release-stock.handler.js';
import { ReserveStockHandler } from './application/reserve-stock.handler.js';
import { CatalogModule } from './catalog.module.js';
import { CatalogFacade, StockReservationFailedV1, StockReservedV1 } from './public/index.js';

/** The catalog module booted alone on a real database. */
describe('catalog module in isolation', () => {
  let app: TestApp;
  const admin = tokenFor(['customer', 'admin']);

  beforeAll(async () => {
    app = await startTestApp({}, { modules: [CatalogModule.forRoot()] });
  });
  afterAll(async () => {
    await app?.close();
  });

  const create = async (stock: number) => {
    const response = await app.http.post(
      '/api/catalog/products',
      { sku: `SKU-${randomUUID().slice(0, 8)}`, name: 'Cup', priceCents: 800, stock },
      { token: admin },
    );
    expect(response.status).toBe(201);
    return response.body as { id: string; sku: string };
  };

  it('owns only its own database and routes', async () => {
    const health = await app.http.get('/health');
    expect(Object.keys(health.body.dependencies)).toEqual(['database:catalog']);
    expect((await app.http.get('/api/orders', { token: admin })).status).toBe(404);
  });

  it('answers other modules through CatalogFacade, ignoring unknown and malformed ids', async () => {
    const cup = await create(4);
    const facade = app.running.app.get(CatalogFacade);
    await expect(facade.findProducts([cup.id, randomUUID(), 'nonsense', cup.id])).resolves.toEqual([
      { id: cup.id, sku: cup.sku, name: 'Cup', priceCents: 800, stock: 4 },
    ]);
    await expect(facade.findProducts([])).resolves.toEqual([]);
  });

  it('serialises concurrent stock adjustments: stock never goes below zero', async () => {
    const cup = await create(5);
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        app.http.post(`/api/catalog/products/${cup.id}/stock-adjustments`, { delta: -1 }, { token: admin }),
      ),
    );
    expect(results.filter((result) => result.status === 200)).toHaveLength(5);
    expect(results.filter((result) => result.status === 409)).toHaveLength(7);
    expect((await app.http.get(`/api/catalog/products/${cup.id}`)).body.stock).toBe(0);
  });

  const envelope = {} as EventEnvelope<unknown>;
  const release = (orderId: string) =>
    app.running.app
      .get(Transactions)
      .run(() => app.running.app.get(ReleaseStockHandler).handle({ envelope, payload: { orderId } }));
  const stockOf = async (id: string) =>
    ((await app.http.get(`/api/catalog/products/${id}`)).body as { stock: number }).stock;

  describe('a reservation and a cancel of the same order, each in its own transaction', () => {
    const reserve = (orderId: string, productId: string, quantity: number) =>
      app.running.app
        .get(Transactions)
        .run(() =>
          app.running.app
            .get(ReserveStockHandler)
            .handle({ envelope, payload: { orderId, lines: [{ productId, quantity }] } }),
        );

    it('takes nothing when the cancel arrives first, and puts back what was taken when it comes second', async () => {
      const cup = await create(10);
      const early = randomUUID();
      await release(early);
      await reserve(early, cup.id, 4);
      expect(await stockOf(cup.id)).toBe(10);
      const late = randomUUID();
      await reserve(late, cup.id, 4);
      await reserve(late, cup.id, 4); // a second delivery under another event id takes nothing more
      expect(await stockOf(cup.id)).toBe(6);
      await release(late);
      await release(late);
      expect(await stockOf(cup.id)).toBe(10);
    });

    it('ends with every unit back on the shelf however the two interleave', async () => {
      const cup = await create(50);
      const orders = Array.from({ length: 20 }, () => randomUUID());
      await Promise.all(
        orders.flatMap((orderId, i) =>
          i % 2 ? [release(orderId), reserve(orderId, cup.id, 2)] : [reserve(orderId, cup.id, 2), release(orderId)],
        ),
      );
      expect(await stockOf(cup.id)).toBe(50);
    });
  });

  describe('orders placed together, reserved as one batch', () => {
    const raisedFor = (orderIds: string[]) =>
      app.running.app
        .get(Transactions)
        .query<{ type: string; aggregate_id: string; causation_id: string }>(
          'SELECT type, aggregate_id, causation_id FROM catalog.outbox WHERE aggregate_id = ANY($1) ORDER BY position',
          [orderIds],
        );
    const placedOrder = (productId: string) => (orderId: string) => ({
      orderId,
      customerId: randomUUID(),
      lines: [{ productId, quantity: 2, unitPriceCents: 800 }],
      totalCents: 1600,
    });

    it('takes their stock in turn in three statements, refusing those that come too late, each raising its own outcome', async () => {
      const cup = await create(10);
      const batches = jest.spyOn(app.running.app.get(ReserveStockHandler), 'handleMany');
      const orders = Array.from({ length: 7 }, () => randomUUID());
      const { result: envelopes, statements } = await statementsDuring(() =>
        deliverTogether(app.running.app, ReserveStockHandler, orders.map(placedOrder(cup.id))),
      );

      // The first goes alone, the six that waited for it as one batch: three statements on stock each.
      expect(batches).toHaveBeenCalledTimes(1);
      expect(batches.mock.calls[0][0]).toHaveLength(6);
      batches.mockRestore();
      expect(statements.filter((sql) => /catalog\.(products|stock_reservations)\b/.test(sql))).toHaveLength(3 + 3);
      expect(await stockOf(cup.id)).toBe(0);
      const raised = await raisedFor(orders);
      expect(raised.map((row) => row.type)).toEqual([
        ...Array(5).fill(StockReservedV1.type),
        ...Array(2).fill(StockReservationFailedV1.type),
      ]);
      // Each outcome names the event that caused it, batch or not.
      const causes = new Map(envelopes.map((sent) => [sent.payload.orderId, sent.id]));
      for (const row of raised) expect(row.causation_id).toBe(causes.get(row.aggregate_id));
    });

    it('hands the batch back to be handled order by order when one of its orders was cancelled first', async () => {
      const cup = await create(10);
      const orders = Array.from({ length: 5 }, () => randomUUID());
      await release(orders[3]);
      const batches = jest.spyOn(app.running.app.get(ReserveStockHandler), 'handleMany');
      await deliverTogether(app.running.app, ReserveStockHandler, orders.map(placedOrder(cup.id)));

      expect(batches).toHaveBeenCalledTimes(1);
      await expect(batches.mock.results[0].value).rejects.toThrow(/has a reservation already/);
      batches.mockRestore();

      // The cancelled order took nothing; the four others took 2 each.
      expect(await stockOf(cup.id)).toBe(2);
      const raised = await raisedFor(orders);
      expect(raised.map((row) => row.aggregate_id).sort()).toEqual(orders.filter((_, i) => i !== 3).sort());
      expect(new Set(raised.map((row) => row.type))).toEqual(new Set([StockReservedV1.type]));
    });
  });
});
