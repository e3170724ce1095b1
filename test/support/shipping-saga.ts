import { eventually } from './eventually.js';
import type { HttpClient } from './http-client.js';
import { expectStatus, SHIPPING_ADDRESS, type ShipmentBody, shipmentOf, ShopActions } from './shop-actions.js';

/**
 * The order → shipping saga through the public API: dispatch and delivery,
 * failure and its compensation, cancel before dispatch, and a cancel racing a
 * dispatch. Run in process by test/e2e/shipping.spec.ts and on every topology
 * by the contract suite, so it holds however the modules are split.
 */
export function shippingSaga(client: () => HttpClient): void {
  let http: HttpClient;
  let shop: ShopActions;
  let admin: string;

  beforeAll(async () => {
    http = client();
    shop = new ShopActions(http);
    admin = await shop.adminToken();
  });

  const order = (token: string, id: string) => http.get(`/api/orders/${id}`, { token }).then((r) => r.body);
  const orderIn = (token: string, id: string, status: string) =>
    eventually(
      () => order(token, id),
      (body) => body.status === status,
      15_000,
    );
  const stock = (productId: string) =>
    http.get(`/api/catalog/products/${productId}`).then((response) => response.body.stock as number);
  const act = (id: string, action: string, body: object = {}, headers: Record<string, string> = {}) =>
    http.post(`/api/admin/shipments/${id}/${action}`, body, { token: admin, headers });
  /** A CONFIRMED order of `quantity` units and the PENDING shipment shipping made for it. */
  const confirmedOrder = async (
    customer: { token: string },
    productId: string,
    quantity = 1,
    address: object | null = SHIPPING_ADDRESS,
  ): Promise<{ orderId: string; shipment: ShipmentBody }> => {
    const placed = await http.post(
      '/api/orders',
      { lines: [{ productId, quantity }], ...(address ? { shippingAddress: address } : {}) },
      { token: customer.token },
    );
    expectStatus(placed, 202);
    await orderIn(customer.token, placed.body.id, 'CONFIRMED');
    return { orderId: placed.body.id, shipment: await shipmentOf(http, admin, placed.body.id) };
  };
  const shipmentOn = (token: string, orderId: string, status: string) =>
    eventually(
      () => order(token, orderId),
      (body) => body.shipment?.status === status,
      15_000,
    );

  it('ships a confirmed order: dispatched, the order is SHIPPED and shows its tracking; delivered, DELIVERED', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 5 });
    const { orderId, shipment } = await confirmedOrder(customer, tea.id, 2);
    expect(shipment).toMatchObject({ status: 'PENDING', carrier: null, trackingNumber: null });
    expect((await shipmentOn(customer.token, orderId, 'PENDING')).shipment).toEqual({
      status: 'PENDING',
      carrier: null,
      trackingNumber: null,
    });

    const dispatched = await act(shipment.id, 'dispatch', { carrier: 'DHL', trackingNumber: 'JD014600006281' });
    expectStatus(dispatched, 200);
    expect(dispatched.body).toMatchObject({ status: 'DISPATCHED', carrier: 'DHL', trackingNumber: 'JD014600006281' });
    expect((await order(customer.token, orderId)).status).toBe('SHIPPED');
    expect((await shipmentOn(customer.token, orderId, 'DISPATCHED')).shipment).toEqual({
      status: 'DISPATCHED',
      carrier: 'DHL',
      trackingNumber: 'JD014600006281',
    });
    const late = await http.post(`/api/orders/${orderId}/cancel`, undefined, { token: customer.token });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('SHIPPED');

    expectStatus(await act(shipment.id, 'deliver'), 200);
    const delivered = await orderIn(customer.token, orderId, 'DELIVERED');
    expect(delivered.shipment.status).toBe('DELIVERED');
    expect(delivered.shipment.carrier).toBe('DHL');
    expect(await stock(tea.id)).toBe(3);
    expect((await act(shipment.id, 'fail', { reason: 'late' })).status).toBe(409);
  });

  it('compensates a failed shipment: the order is CANCELLED saying shipping failed, and its stock comes back', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 4 });
    const { orderId, shipment } = await confirmedOrder(customer, tea.id, 3);
    expect(await stock(tea.id)).toBe(1);
    const failed = await act(shipment.id, 'fail', { reason: 'Address does not exist.' }, { 'idempotency-key': 'f-1' });
    expectStatus(failed, 200);
    expect(failed.body).toMatchObject({ status: 'FAILED', failureReason: 'Address does not exist.' });
    const retried = await act(shipment.id, 'fail', { reason: 'Address does not exist.' }, { 'idempotency-key': 'f-1' });
    expectStatus(retried, 200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');

    const cancelled = await orderIn(customer.token, orderId, 'CANCELLED');
    expect(cancelled.cancellationReason).toBe('Shipping failed: Address does not exist.');
    await eventually(
      () => stock(tea.id),
      (units) => units === 4,
      15_000,
    );
    expect((await shipmentOn(customer.token, orderId, 'FAILED')).shipment.status).toBe('FAILED');
  });

  it('cancels the shipment of an order cancelled before dispatch; refuses to dispatch without an address', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 5 });
    const { orderId, shipment } = await confirmedOrder(customer, tea.id, 1);
    expectStatus(await http.post(`/api/orders/${orderId}/cancel`, undefined, { token: customer.token }), 200);
    await eventually(
      () => http.get(`/api/admin/shipments/${shipment.id}`, { token: admin }).then((r) => r.body.status as string),
      (status) => status === 'CANCELLED',
      15_000,
    );
    await shipmentOn(customer.token, orderId, 'CANCELLED');
    expect((await act(shipment.id, 'dispatch', { carrier: 'DHL', trackingNumber: 'X1' })).status).toBe(409);

    const bare = await confirmedOrder(customer, tea.id, 1, null);
    expect(bare.shipment).toMatchObject({ status: 'PENDING' });
    const refused = await act(bare.shipment.id, 'dispatch', { carrier: 'DHL', trackingNumber: 'X2' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('no address');
    expect((await order(customer.token, bare.orderId)).status).toBe('CONFIRMED');
  });

  it('lets exactly one of a cancel and a dispatch racing on one order win, and every module agrees', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 10 });
    const pairs = await Promise.all(Array.from({ length: 6 }, () => confirmedOrder(customer, tea.id, 1)));
    const outcomes = await Promise.all(
      pairs.map(async ({ orderId, shipment }) => {
        const [cancel, dispatch] = await Promise.all([
          http.post(`/api/orders/${orderId}/cancel`, undefined, { token: customer.token }),
          act(shipment.id, 'dispatch', { carrier: 'DHL', trackingNumber: `R-${orderId}` }),
        ]);
        expect([cancel.status, dispatch.status].sort()).toEqual([200, 409]);
        return { orderId, shipmentId: shipment.id, cancelled: cancel.status === 200 };
      }),
    );
    for (const { orderId, shipmentId, cancelled } of outcomes) {
      const shipmentStatus = cancelled ? 'CANCELLED' : 'DISPATCHED';
      expect((await order(customer.token, orderId)).status).toBe(cancelled ? 'CANCELLED' : 'SHIPPED');
      await eventually(
        () => http.get(`/api/admin/shipments/${shipmentId}`, { token: admin }).then((r) => r.body.status as string),
        (status) => status === shipmentStatus,
        15_000,
      );
      await shipmentOn(customer.token, orderId, shipmentStatus);
    }
    // Catalog agrees: the stock of every cancelled order is back, the shipped ones keep theirs.
    const shipped = outcomes.filter((outcome) => !outcome.cancelled).length;
    await eventually(
      () => stock(tea.id),
      (units) => units === 10 - shipped,
      15_000,
    );
  });

  it('lists shipments to admins only, by status and order, with clear 400s', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 5 });
    const { orderId, shipment } = await confirmedOrder(customer, tea.id, 1);
    const byOrder = await http.get(`/api/admin/shipments?orderId=${orderId}`, { token: admin });
    expect(byOrder.body).toEqual({ items: [expect.objectContaining({ id: shipment.id, orderId })], nextCursor: null });
    const pending = await http.get('/api/admin/shipments?status=PENDING&limit=100', { token: admin });
    expect(pending.body.items.every((item: ShipmentBody) => item.status === 'PENDING')).toBe(true);
    expect((await http.get('/api/admin/shipments', { token: customer.token })).status).toBe(403);
    expect((await http.get('/api/admin/shipments')).status).toBe(401);
    const bad = await http.get('/api/admin/shipments?status=LOST&orderId=nope', { token: admin });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['orderId', 'status']);
    const malformed = await http.request('POST', `/api/admin/shipments/${shipment.id}/dispatch`, undefined, {
      token: admin,
      raw: '{"carrier":',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
  });
}
