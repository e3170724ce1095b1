import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { deliverTogether } from '../../../test/support/deliver-together.js';
import { statementsDuring } from '../../../test/support/statement-log.js';
import { Global, Module } from '@nestjs/common';
import { startTestApp, type TestApp } from '../../../test/support/test-app.js';
import { tokenFor } from '../../../test/support/tokens.js';
import { Transactions } from '../../shared/database/index.js';
import type { EventEnvelope } from '../../shared/messaging/index.js';
import { OrdersFacade, type OrderSummary } from '../orders/public/index.js';
import { CancelShipmentHandler } from './application/cancel-shipment.handler.js';
import { CreateShipmentHandler } from './application/create-shipment.handler.js';
import { ShipmentCreatedV1, ShippingFacade } from './public/index.js';
import { ShippingModule } from './shipping.module.js';

type Status = OrderSummary['status'];

/** Orders replaced at its public boundary: it ships CONFIRMED orders and refuses the others, as the real one does. */
class OrderStatuses extends OrdersFacade {
  readonly statuses = new Map<string, Status>();
  calls = 0;
  async findOrder(): Promise<OrderSummary | null> {
    return null;
  }
  async shipOrder(id: string): Promise<Status | null> {
    this.calls += 1;
    const status = this.statuses.get(id);
    if (status === 'CONFIRMED') this.statuses.set(id, 'SHIPPED');
    return this.statuses.get(id) ?? null;
  }
}
const orders = new OrderStatuses();

@Global()
@Module({ providers: [{ provide: OrdersFacade, useValue: orders }], exports: [OrdersFacade] })
class OrdersStandInModule {}

const ADDRESS = { name: 'Ada', line1: '1 Main St', line2: null, city: 'London', postalCode: 'N1 1AA', country: 'GB' };

/** The shipping module booted alone on a real database, orders replaced at its facade and its events handed in. */
describe('shipping module in isolation', () => {
  let app: TestApp;
  const admin = tokenFor(['customer', 'admin']);
  const envelope = {} as EventEnvelope<unknown>;

  const confirm = async (
    address: typeof ADDRESS | null = ADDRESS,
  ): Promise<{ orderId: string; shipmentId: string }> => {
    const orderId = randomUUID();
    orders.statuses.set(orderId, 'CONFIRMED');
    const payload = {
      orderId,
      customerId: randomUUID(),
      lines: [{ productId: randomUUID(), quantity: 2 }],
      shippingAddress: address,
    };
    const handler = app.running.app.get(CreateShipmentHandler);
    await app.running.app.get(Transactions).run(() => handler.handle({ envelope, payload }));
    const found = await app.running.app.get(ShippingFacade).findShipmentOfOrder(orderId);
    if (!found) throw new Error('no shipment was created');
    return { orderId, shipmentId: found.id };
  };
  const cancel = (orderId: string, previousStatus: 'PENDING' | 'CONFIRMED' | 'SHIPPED' = 'CONFIRMED') =>
    app.running.app
      .get(Transactions)
      .run(() =>
        app.running.app
          .get(CancelShipmentHandler)
          .handle({ envelope, payload: { orderId, customerId: randomUUID(), previousStatus } }),
      );
  const act = (id: string, action: string, body: object = {}, key?: string) =>
    app.http.post(`/api/admin/shipments/${id}/${action}`, body, {
      token: admin,
      headers: key === undefined ? {} : { 'idempotency-key': key },
    });

  beforeAll(async () => {
    app = await startTestApp({}, { modules: [ShippingModule.forRoot(), { module: OrdersStandInModule }] });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('owns only its own database and routes', async () => {
    const health = await app.http.get('/health');
    expect(Object.keys(health.body.dependencies)).toEqual(['database:shipping']);
    expect((await app.http.get('/api/orders', { token: admin })).status).toBe(404);
  });

  it('makes one PENDING shipment per confirmed order, however often the event comes', async () => {
    const { orderId, shipmentId } = await confirm();
    const handler = app.running.app.get(CreateShipmentHandler);
    const again = {
      orderId,
      customerId: randomUUID(),
      lines: [{ productId: randomUUID(), quantity: 1 }],
      shippingAddress: null,
    };
    await app.running.app.get(Transactions).run(() => handler.handle({ envelope, payload: again }));
    const listed = await app.http.get(`/api/admin/shipments?orderId=${orderId}`, { token: admin });
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ id: shipmentId, status: 'PENDING', address: ADDRESS });
    expect(listed.body.items[0].lines).toEqual([{ productId: expect.any(String), quantity: 2 }]);
  });

  it('dispatches through orders, then delivers; each action is a 409 from the wrong status', async () => {
    const { orderId, shipmentId } = await confirm();
    expect((await act(shipmentId, 'deliver')).status).toBe(409);
    const sent = await act(shipmentId, 'dispatch', { carrier: ' DHL ', trackingNumber: 'JD0001' });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'DISPATCHED', carrier: 'DHL', trackingNumber: 'JD0001' });
    expect(orders.statuses.get(orderId)).toBe('SHIPPED');
    const twice = await act(shipmentId, 'dispatch', { carrier: 'DHL', trackingNumber: 'JD0001' });
    expect(twice.status).toBe(409);
    expect(twice.headers.get('content-type')).toContain('application/problem+json');
    expect((await act(shipmentId, 'deliver')).body.status).toBe('DELIVERED');
    expect((await act(shipmentId, 'fail', { reason: 'lost' })).status).toBe(409);
  });

  it('refuses to dispatch without an address, and when orders says the order was cancelled first', async () => {
    const bare = await confirm(null);
    const calls = orders.calls;
    const refused = await act(bare.shipmentId, 'dispatch', { carrier: 'DHL', trackingNumber: 'JD0002' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('no address');
    expect(orders.calls).toBe(calls);

    const raced = await confirm();
    orders.statuses.set(raced.orderId, 'CANCELLED');
    const lost = await act(raced.shipmentId, 'dispatch', { carrier: 'DHL', trackingNumber: 'JD0003' });
    expect(lost.status).toBe(409);
    expect(lost.body.detail).toContain('CANCELLED');
    expect((await app.http.get(`/api/admin/shipments/${raced.shipmentId}`, { token: admin })).body.status).toBe(
      'PENDING',
    );
    await cancel(raced.orderId);
    expect((await app.http.get(`/api/admin/shipments/${raced.shipmentId}`, { token: admin })).body.status).toBe(
      'CANCELLED',
    );
  });

  it('answers a retried action with the same Idempotency-Key once, and refuses the key for another action', async () => {
    const { shipmentId } = await confirm();
    const body = { carrier: 'UPS', trackingNumber: '1Z999' };
    const first = await act(shipmentId, 'dispatch', body, 'dispatch-1');
    const retried = await act(shipmentId, 'dispatch', body, 'dispatch-1');
    expect([first.status, retried.status]).toEqual([200, 200]);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toEqual(first.body);
    expect((await act(shipmentId, 'dispatch', { ...body, trackingNumber: 'other' }, 'dispatch-1')).status).toBe(422);
    expect((await act(shipmentId, 'fail', { reason: 'lost' }, 'dispatch-1')).status).toBe(422);
  });

  it('keeps a failed or dispatched shipment when its order is cancelled, and records why it failed', async () => {
    const { orderId, shipmentId } = await confirm();
    const failed = await act(shipmentId, 'fail', { reason: 'Address does not exist.' });
    expect(failed.body).toMatchObject({ status: 'FAILED', failureReason: 'Address does not exist.' });
    await cancel(orderId);
    expect((await app.http.get(`/api/admin/shipments/${shipmentId}`, { token: admin })).body.status).toBe('FAILED');
  });

  it('makes no shipment for an order cancelled before it was confirmed, even when the confirmation arrives late', async () => {
    const neverConfirmed = randomUUID();
    await cancel(neverConfirmed, 'PENDING');
    expect(await app.running.app.get(ShippingFacade).findShipmentOfOrder(neverConfirmed)).toBeNull();

    // Confirmed, then cancelled, but the cancel handled first (another replica, a re-driven event).
    const overtaken = randomUUID();
    await cancel(overtaken, 'CONFIRMED');
    const handler = app.running.app.get(CreateShipmentHandler);
    const late = {
      orderId: overtaken,
      customerId: randomUUID(),
      lines: [{ productId: randomUUID(), quantity: 1 }],
      shippingAddress: ADDRESS,
    };
    await app.running.app.get(Transactions).run(() => handler.handle({ envelope, payload: late }));
    const listed = await app.http.get(`/api/admin/shipments?orderId=${overtaken}`, { token: admin });
    expect(listed.body.items).toEqual([expect.objectContaining({ status: 'CANCELLED', lines: [] })]);
  });

  it('validates bodies and filters with clear 400s, and hides itself from customers', async () => {
    const { shipmentId } = await confirm();
    const blank = await act(shipmentId, 'dispatch', { carrier: ' ', trackingNumber: 5 });
    expect(blank.status).toBe(400);
    expect(Object.keys(blank.body.errors).sort()).toEqual(['carrier', 'trackingNumber']);
    expect((await act(shipmentId, 'deliver', { at: 'now' })).status).toBe(400);
    expect((await app.http.get('/api/admin/shipments?status=LOST', { token: admin })).status).toBe(400);
    expect((await app.http.get(`/api/admin/shipments/${randomUUID()}`, { token: admin })).status).toBe(404);
    expect((await app.http.get('/api/admin/shipments', { token: tokenFor(['customer']) })).status).toBe(403);
  });

  it('pages newest first with a cursor, filtered by status', async () => {
    for (let i = 0; i < 3; i += 1) await confirm();
    const first = await app.http.get('/api/admin/shipments?status=PENDING&limit=2', { token: admin });
    expect(first.body.items).toHaveLength(2);
    const second = await app.http.get(`/api/admin/shipments?status=PENDING&limit=2&cursor=${first.body.nextCursor}`, {
      token: admin,
    });
    const ids = [...first.body.items, ...second.body.items].map((item: { id: string }) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort().reverse()).toEqual(ids);
    expect(
      [...first.body.items, ...second.body.items].every((item: { status: string }) => item.status === 'PENDING'),
    ).toBe(true);
  });

  it('makes the shipments of orders confirmed together in one statement, one per order, the duplicate raising nothing', async () => {
    const { orderId: shipped } = await confirm();
    const confirmed = (orderId: string) => ({
      orderId,
      customerId: randomUUID(),
      lines: [{ productId: randomUUID(), quantity: 1, unitPriceCents: 100 }],
      totalCents: 100,
      shippingAddress: ADDRESS,
    });
    const fresh = [randomUUID(), randomUUID(), randomUUID()];
    const batches = jest.spyOn(app.running.app.get(CreateShipmentHandler), 'handleMany');
    // The already shipped order's confirmation again (a redelivery) rides in the batch.
    const { result: envelopes, statements } = await statementsDuring(() =>
      deliverTogether(app.running.app, CreateShipmentHandler, [
        confirmed(fresh[0]),
        confirmed(fresh[1]),
        confirmed(shipped),
        confirmed(fresh[2]),
      ]),
    );

    // The first alone, the three that waited as one batch: one insert each.
    expect(batches.mock.calls.map(([events]) => events.length)).toEqual([3]);
    batches.mockRestore();
    expect(statements.filter((sql) => /shipping\.shipments\b/.test(sql))).toHaveLength(1 + 1);
    const raised = await app.running.app
      .get(Transactions)
      .query<{ payload: { orderId: string }; causation_id: string }>(
        `SELECT payload, causation_id FROM shipping.outbox WHERE type = $1 AND payload->>'orderId' = ANY($2)`,
        [ShipmentCreatedV1.type, [...fresh, shipped]],
      );
    const causes = new Map(envelopes.map((sent) => [sent.payload.orderId, sent.id]));
    // The shipped order's event is the one confirm() raised outside any inbox.
    expect(
      raised
        .filter((row) => row.causation_id !== null)
        .map((row) => row.payload.orderId)
        .sort(),
    ).toEqual([...fresh].sort());
    for (const row of raised.filter((row) => row.causation_id !== null)) {
      expect(row.causation_id).toBe(causes.get(row.payload.orderId));
    }
    for (const orderId of [...fresh, shipped]) {
      const listed = await app.http.get(`/api/admin/shipments?orderId=${orderId}`, { token: admin });
      expect(listed.body.items).toHaveLength(1);
    }
  });
});
