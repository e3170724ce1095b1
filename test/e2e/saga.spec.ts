import { eventually } from '../support/eventually.js';
import { expectStatus, ShopActions } from '../support/shop-actions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { undeliveredEvents } from '../support/undelivered-events.js';

const FINAL = ['CONFIRMED', 'REJECTED', 'CANCELLED'];

/** The order saga end to end over HTTP: placement → reservation → confirmation or rejection; cancel → release. */
describe('order saga', () => {
  let app: TestApp;
  let shop: ShopActions;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp();
    shop = new ShopActions(app.http);
    admin = await shop.adminToken();
  });
  afterAll(async () => {
    await app?.close();
  });

  const order = (token: string, id: string) =>
    app.http.get(`/api/orders/${id}`, { token }).then((response) => response.body);
  const stock = (productId: string) =>
    app.http.get(`/api/catalog/products/${productId}`).then((response) => response.body.stock as number);
  const place = async (token: string, lines: { productId: string; quantity: number }[]) => {
    const response = await app.http.post('/api/orders', { lines }, { token });
    expectStatus(response, 202);
    return response.body as { id: string; status: string };
  };

  it('confirms an order when every line can be reserved, within a second', async () => {
    const customer = await shop.registerCustomer();
    const [tea, cup] = [await shop.createProduct(admin, { stock: 5 }), await shop.createProduct(admin, { stock: 2 })];
    const placed = await place(customer.token, [
      { productId: tea.id, quantity: 3 },
      { productId: cup.id, quantity: 2 },
    ]);
    expect(placed.status).toBe('PENDING');
    const started = Date.now();
    const final = await eventually(
      () => order(customer.token, placed.id),
      (body) => body.status !== 'PENDING',
      1_000,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(final.status).toBe('CONFIRMED');
    expect(await stock(tea.id)).toBe(2);
    expect(await stock(cup.id)).toBe(0);
  });

  it('rejects an order with a reason when a line is short, and takes nothing', async () => {
    const customer = await shop.registerCustomer();
    const [tea, cup] = [await shop.createProduct(admin, { stock: 5 }), await shop.createProduct(admin, { stock: 1 })];
    const placed = await place(customer.token, [
      { productId: tea.id, quantity: 1 },
      { productId: cup.id, quantity: 2 },
    ]);
    const final = await eventually(
      () => order(customer.token, placed.id),
      (body) => body.status !== 'PENDING',
    );
    expect(final.status).toBe('REJECTED');
    expect(final.reason).toContain(cup.id);
    expect(final.reason).toMatch(/2 requested, 1 available/);
    expect(await stock(tea.id)).toBe(5);
    expect(await stock(cup.id)).toBe(1);
    expect((await app.http.post(`/api/orders/${placed.id}/cancel`, undefined, { token: customer.token })).status).toBe(
      409,
    );
  });

  it('releases the stock of an order cancelled after confirmation', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 4 });
    const placed = await place(customer.token, [{ productId: tea.id, quantity: 3 }]);
    await eventually(
      () => order(customer.token, placed.id),
      (body) => body.status === 'CONFIRMED',
    );
    expect(await stock(tea.id)).toBe(1);
    const cancelled = await app.http.post(`/api/orders/${placed.id}/cancel`, undefined, { token: customer.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    await eventually(
      () => stock(tea.id),
      (value) => value === 4,
    );
    expect((await order(customer.token, placed.id)).status).toBe('CANCELLED');
  });

  it('ends CANCELLED with the stock released when the cancel races the reservation', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 100 });
    const ids = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const placed = await place(customer.token, [{ productId: tea.id, quantity: 2 }]);
        const cancelled = await app.http.post(`/api/orders/${placed.id}/cancel`, undefined, { token: customer.token });
        expect(cancelled.status).toBe(200);
        return placed.id;
      }),
    );
    for (const id of ids) {
      // CANCELLED stays CANCELLED: a late stock-reserved must not confirm it.
      expect((await order(customer.token, id)).status).toBe('CANCELLED');
    }
    await eventually(
      () => stock(tea.id),
      (value) => value === 100,
    );
    // Nothing late may take stock afterwards: once every outbox is drained, no event is left to do it.
    await eventually(
      () => undeliveredEvents(app.database.url),
      (undelivered) => undelivered === 0,
    );
    expect(await stock(tea.id)).toBe(100);
    for (const id of ids) expect((await order(customer.token, id)).status).toBe('CANCELLED');
  });

  it('lets exactly one of many concurrent orders have the last unit', async () => {
    const tea = await shop.createProduct(admin, { stock: 1 });
    const customers = await Promise.all(Array.from({ length: 8 }, () => shop.registerCustomer()));
    const placed = await Promise.all(
      customers.map((customer) => place(customer.token, [{ productId: tea.id, quantity: 1 }])),
    );
    const finals = await Promise.all(
      placed.map((p, index) =>
        eventually(
          () => order(customers[index].token, p.id),
          (body) => FINAL.includes(body.status),
        ),
      ),
    );
    expect(finals.filter((body) => body.status === 'CONFIRMED')).toHaveLength(1);
    expect(finals.filter((body) => body.status === 'REJECTED')).toHaveLength(7);
    expect(await stock(tea.id)).toBe(0);
  });
});
