import { AccessTokenService } from '../../src/shared/auth/access-token.service.js';
import { EventStreamClient } from '../support/event-stream-client.js';
import { eventually } from '../support/eventually.js';
import { expectStatus, SHIPPING_ADDRESS, ShopActions } from '../support/shop-actions.js';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';
import { tokenFor } from '../support/tokens.js';
import { expectProblem } from './expect-problem.js';

let app: TestApp;
let shop: ShopActions;
let admin: string;
const open: EventStreamClient[] = [];

beforeAll(async () => {
  app = await startTestApp();
  shop = new ShopActions(app.http);
  admin = await shop.adminToken();
});
afterEach(() => {
  for (const stream of open.splice(0)) stream.close();
});
afterAll(async () => {
  await app?.close();
});

async function watch(token: string, headers: Record<string, string> = {}, query = ''): Promise<EventStreamClient> {
  const stream = await EventStreamClient.open(`${app.running.url}/api/orders/updates${query}`, {
    authorization: `Bearer ${token}`,
    ...headers,
  });
  open.push(stream);
  return stream;
}

async function place(token: string, productId: string, quantity = 1): Promise<string> {
  const response = await app.http.post(
    '/api/orders',
    { lines: [{ productId, quantity }], shippingAddress: SHIPPING_ADDRESS },
    { token },
  );
  expectStatus(response, 202);
  return response.body.id as string;
}

/** Every status the stream has shown for an order, in the order it showed them. */
const statusesOf = (stream: EventStreamClient, orderId: string) =>
  stream.events.flatMap((event) =>
    (event.data.orders as { id: string; status: string }[])
      .filter((order) => order.id === orderId)
      .map((order) => order.status),
  );

describe('GET /api/orders/updates (Server-Sent Events)', () => {
  it('starts with the customer’s newest orders and no one else’s, then pushes each change as it happens', async () => {
    const [alice, bob] = [await shop.registerCustomer(), await shop.registerCustomer()];
    const tea = await shop.createProduct(admin, { stock: 10 });
    const earlier = await place(alice.token, tea.id);
    await place(bob.token, tea.id);

    const stream = await watch(alice.token);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers.get('cache-control')).toBe('no-store');
    const first = await stream.next(() => true);
    expect(first).toMatchObject({ event: 'orders', id: expect.stringMatching(/^\d+$/), data: { snapshot: true } });
    expect(first.data.position).toBe(first.id);
    expect(first.data.orders.map((order: { id: string }) => order.id)).toEqual([earlier]);

    const placed = await place(alice.token, tea.id, 2);
    await stream.next(() => statusesOf(stream, placed).includes('CONFIRMED'));
    const statuses = statusesOf(stream, placed);
    // In the order they happened; the stream may join PENDING and CONFIRMED if they come close.
    expect(statuses.at(-1)).toBe('CONFIRMED');
    expect(statuses.filter((status) => status !== 'PENDING' && status !== 'CONFIRMED')).toEqual([]);
    expect(statuses.indexOf('PENDING')).toBeLessThanOrEqual(0);
    // The shipment shipping makes for it is shown too.
    await stream.next((event) =>
      (event.data.orders as { id: string; shipment: unknown }[]).some((order) => order.id === placed && order.shipment),
    );
    // Each change once: no state of the order is sent twice.
    const states = stream.events.flatMap((event) =>
      (event.data.orders as { id: string; status: string; shipment: unknown }[])
        .filter((order) => order.id === placed)
        .map((order) => JSON.stringify([order.status, order.shipment])),
    );
    expect(new Set(states).size).toBe(states.length);
    const ids = stream.events.map((event) => BigInt(event.id!));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const event of stream.events)
      for (const order of event.data.orders as { customerId: string }[]) expect(order.customerId).toBe(alice.id);
  });

  it('resumes from Last-Event-ID with what changed meanwhile, not a snapshot', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 10 });
    const kept = await place(customer.token, tea.id);
    const changed = await place(customer.token, tea.id);
    const first = await watch(customer.token);
    await first.next(
      () => statusesOf(first, kept).includes('CONFIRMED') && statusesOf(first, changed).includes('CONFIRMED'),
    );
    // Both orders settled, their shipments shown on them: nothing more happens to them until the cancel below.
    const shownWithShipment = (orderId: string) =>
      first.events.some((event) =>
        (event.data.orders as { id: string; shipment: unknown }[]).some(
          (order) => order.id === orderId && order.shipment,
        ),
      );
    await first.next(() => shownWithShipment(kept) && shownWithShipment(changed));
    const lastId = first.events.at(-1)!.id!;
    first.close();

    expectStatus(await app.http.post(`/api/orders/${changed}/cancel`, undefined, { token: customer.token }), 200);
    for (const resumed of [
      await watch(customer.token, { 'last-event-id': lastId }),
      await watch(customer.token, {}, `?lastEventId=${lastId}`),
    ]) {
      const event = await resumed.next(() => true);
      expect(event.data.snapshot).toBe(false);
      expect(BigInt(event.id!)).toBeGreaterThanOrEqual(BigInt(lastId));
      const shown = (event.data.orders as { id: string; status: string }[]).map(({ id, status }) => ({ id, status }));
      expect(shown).toContainEqual({ id: changed, status: 'CANCELLED' });
      // Not a snapshot: the untouched order comes again only if its last change was as recent as the position
      // (a transaction elsewhere on the server held it back), and then as it was.
      for (const order of shown.filter((order) => order.id === kept)) expect(order.status).toBe('CONFIRMED');
    }
  });

  it('pushes what another instance committed, found by its short poll', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 10 });
    const orderId = await place(customer.token, tea.id);
    const stream = await watch(customer.token);
    await stream.next(() => statusesOf(stream, orderId).includes('CONFIRMED'));
    // A write this process never hears of, as another instance's commit would be.
    await withClient(app.database.url, (client) =>
      client.query(
        "UPDATE orders.orders SET status = 'CANCELLED', reason = 'cancelled elsewhere', changed_in = pg_current_xact_id() WHERE id = $1",
        [orderId],
      ),
    );
    const event = await stream.next(
      (candidate) =>
        (candidate.data.orders as { id: string; status: string }[]).some(
          (order) => order.id === orderId && order.status === 'CANCELLED',
        ),
      5_000,
    );
    expect(event.data.snapshot).toBe(false);
  });

  it('ends the stream when the access token expires, so the browser renews it', async () => {
    const customer = await shop.registerCustomer();
    // Issued 898 s ago with a 900 s lifetime: it has two seconds left.
    const expiring = new AccessTokenService(TEST_JWT_SECRET, 900, () => Date.now() - 898_000).issue({
      userId: customer.id,
      email: customer.email,
      roles: ['customer'],
    }).accessToken;
    const stream = await watch(expiring);
    await stream.next(() => true);
    const started = Date.now();
    await stream.ended();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses anonymous, non-customer and malformed requests with problem+json, before any stream', async () => {
    const anonymous = await app.http.get('/api/orders/updates');
    expectProblem(anonymous, 401);
    expectProblem(await app.http.get('/api/orders/updates', { token: tokenFor(['admin']) }), 403);
    const customer = await shop.registerCustomer();
    for (const id of ['abc', '-1', '1'.repeat(21), '12 3']) {
      const bad = await app.http.get('/api/orders/updates', {
        token: customer.token,
        headers: { 'last-event-id': id },
      });
      expectProblem(bad, 400, ['Last-Event-ID']);
    }
    expectProblem(await app.http.get('/api/orders/updates?lastEventId=x', { token: customer.token }), 400);
  });

  it('starts over from the newest orders when given a position this database never gave', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 10 });
    const orderId = await place(customer.token, tea.id);
    const stream = await watch(customer.token, { 'last-event-id': '99999999999999999' });
    const first = await stream.next(() => true);
    expect(first.data.snapshot).toBe(true);
    expect(first.data.orders.map((order: { id: string }) => order.id)).toEqual([orderId]);
    expect(BigInt(first.id!)).toBeLessThan(99999999999999999n);
  });

  it('lets one account hold a few streams at a time, and refuses more with 429', async () => {
    const customer = await shop.registerCustomer();
    const streams = await Promise.all(Array.from({ length: 8 }, () => watch(customer.token)));
    expect(streams.map((stream) => stream.response.status)).toEqual(Array(8).fill(200));
    const refused = await app.http.get('/api/orders/updates', { token: customer.token });
    expect(expectProblem(refused, 429).code).toBe('too-many-streams');
    streams[0].close();
    await eventually(
      async () => (await watch(customer.token)).response.status,
      (status) => status === 200,
    );
  });
});
