import { randomBytes } from 'node:crypto';
import type { HttpResponse } from '../support/http-client.js';
import { ShopActions } from '../support/shop-actions.js';
import { walkPages } from '../support/walk-pages.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectProblem, unknownUuid, UUID } from './expect-problem.js';

interface OrderLine {
  productId: string;
  quantity: number;
  unitPriceCents?: number;
}
interface Order {
  id: string;
  shipment?: unknown;
  customerId: string;
  status: string;
  lines: Required<OrderLine>[];
  totalCents: number;
  createdAt: string;
  updatedAt: string;
  reason?: string;
}
interface Customer {
  id: string;
  token: string;
}

let app: TestApp;
let shop: ShopActions;
let admin: string;
let alice: Customer;
let bob: Customer;
let tea: { id: string; priceCents: number };
let cups: { id: string; priceCents: number };

beforeAll(async () => {
  app = await startTestApp();
  shop = new ShopActions(app.http);
  admin = await shop.adminToken();
  alice = await shop.registerCustomer('Alice');
  bob = await shop.registerCustomer('Bob');
  tea = await shop.createProduct(admin, { name: 'Sencha', priceCents: 1250, stock: 1000 });
  cups = await shop.createProduct(admin, { name: 'Tea cups', priceCents: 399, stock: 1000 });
});
afterAll(async () => {
  await app?.close();
});

const key = () => `key-${randomBytes(8).toString('hex')}`;

function place(token: string, lines: unknown, idempotencyKey?: string): Promise<HttpResponse<Order>> {
  return app.http.post<Order>(
    '/api/orders',
    { lines },
    { token, headers: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey } },
  );
}

async function placed(token: string, lines: OrderLine[], idempotencyKey?: string): Promise<Order> {
  const response = await place(token, lines, idempotencyKey);
  if (response.status !== 202)
    throw new Error(`expected 202, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/**
 * The same order as `order`, in any later state the stock saga may have moved
 * it to meanwhile (it confirms or rejects orders asynchronously).
 */
function sameOrder(order: Order) {
  const { status: _status, updatedAt: _updatedAt, shipment: _shipment, ...fixed } = order;
  return {
    ...fixed,
    status: expect.stringMatching(/^(PENDING|CONFIRMED)$/),
    shipment: NONE_OR_PENDING_SHIPMENT,
    updatedAt: expect.any(String),
  };
}

/** A confirmed order gets its PENDING shipment once shipping has handled the confirmation. */
const NONE_OR_PENDING_SHIPMENT = {
  asymmetricMatch: (value: unknown) =>
    value === null || (typeof value === 'object' && 'status' in value && value.status === 'PENDING'),
  toAsymmetricMatcher: () => 'null or a PENDING shipment',
};

/** Polls GET /api/orders/:id until its status is one of `statuses`. */
async function eventually(id: string, token: string, statuses: readonly string[], timeoutMs = 15_000): Promise<Order> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await app.http.get<Order>(`/api/orders/${id}`, { token });
    expect(response.status).toBe(200);
    if (statuses.includes(response.body.status)) return response.body;
    if (Date.now() > deadline)
      throw new Error(`order ${id} is still ${response.body.status}, expected ${statuses.join(' or ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const listAll = (token: string, limit: number) => walkPages<Order>(app.http, `/api/orders?limit=${limit}`, token);

describe('POST /api/orders', () => {
  it('202 with a PENDING order priced from the catalog, and a Location header', async () => {
    const before = Date.now();
    const response = await place(alice.token, [
      { productId: tea.id, quantity: 2 },
      { productId: cups.id, quantity: 3 },
    ]);

    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      id: expect.stringMatching(UUID),
      customerId: alice.id,
      status: 'PENDING',
      lines: [
        { productId: tea.id, quantity: 2, unitPriceCents: 1250 },
        { productId: cups.id, quantity: 3, unitPriceCents: 399 },
      ],
      totalCents: 2 * 1250 + 3 * 399,
      shippingAddress: null,
      shipment: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(response.body).not.toHaveProperty('reason');
    const createdAt = Date.parse(response.body.createdAt);
    expect(createdAt).toBeGreaterThanOrEqual(before - 1000);
    expect(createdAt).toBeLessThanOrEqual(Date.now() + 1000);
    expect(response.headers.get('location')).toBe(`/api/orders/${response.body.id}`);
    expect(response.headers.get('idempotent-replayed')).toBeNull();

    const fetched = await app.http.get(response.headers.get('location')!, { token: alice.token });
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(sameOrder(response.body));
  });

  it('keeps the price of the time of placement when the catalog price changes later', async () => {
    const product = await shop.createProduct(admin, { priceCents: 800, stock: 100 });
    const order = await placed(alice.token, [{ productId: product.id, quantity: 2 }]);

    const repriced = await app.http.patch(`/api/catalog/products/${product.id}`, { priceCents: 950 }, { token: admin });
    expect(repriced.status).toBe(200);

    const fetched = await app.http.get(`/api/orders/${order.id}`, { token: alice.token });
    expect(fetched.body.lines).toEqual([{ productId: product.id, quantity: 2, unitPriceCents: 800 }]);
    expect(fetched.body.totalCents).toBe(1600);
    const listed = (await listAll(alice.token, 100)).items.find((each) => each.id === order.id);
    expect(listed?.totalCents).toBe(1600);

    const later = await placed(alice.token, [{ productId: product.id, quantity: 2 }]);
    expect(later.lines[0].unitPriceCents).toBe(950);
    expect(later.totalCents).toBe(1900);
  });

  it('400 naming lines[i].productId for an unknown product, and no order is stored', async () => {
    const before = (await listAll(bob.token, 100)).items.length;

    const response = await place(bob.token, [
      { productId: tea.id, quantity: 1 },
      { productId: unknownUuid(), quantity: 1 },
    ]);

    const problem = expectProblem(response, 400, ['lines[1].productId']);
    expect(problem.errors).not.toHaveProperty(['lines[0].productId']);
    expect((await listAll(bob.token, 100)).items).toHaveLength(before);
  });

  it('400 naming every unknown line, including product ids that are not UUIDs', async () => {
    const response = await place(bob.token, [
      { productId: 'not-a-uuid', quantity: 1 },
      { productId: tea.id, quantity: 1 },
      { productId: unknownUuid(), quantity: 1 },
    ]);
    expectProblem(response, 400, ['lines[0].productId', 'lines[2].productId']);
  });

  it.each([
    ['0', 0],
    ['negative', -1],
    ['a fraction', 1.5],
    ['a string', '2'],
    ['missing', undefined],
  ])('400 naming lines[i].quantity when the quantity is %s', async (_, quantity) => {
    const response = await place(bob.token, [
      { productId: cups.id, quantity: 1 },
      { productId: tea.id, quantity },
    ]);
    expectProblem(response, 400, ['lines[1].quantity']);
  });

  it('400 naming `lines` when there are no lines, or no lines field', async () => {
    expectProblem(await place(bob.token, []), 400, ['lines']);
    expectProblem(await app.http.post('/api/orders', {}, { token: bob.token }), 400, ['lines']);
    expectProblem(await place(bob.token, 'tea please'), 400, ['lines']);
  });

  it('400 when a line is not an object or carries unknown fields (a client cannot set the price)', async () => {
    expect(expectProblem(await place(bob.token, ['tea']), 400, ['lines[0]']).errors).toEqual({
      'lines[0]': ['must be an object'],
    });
    // A nested array is not a line either, and the lines after it are still checked.
    expect(
      expectProblem(
        await place(bob.token, [[], [{ productId: tea.id, quantity: 1 }], { productId: 5, quantity: 1 }]),
        400,
      ).errors,
    ).toEqual({
      'lines[0]': ['must be an object'],
      'lines[1]': ['must be an object'],
      'lines[2].productId': ['must be a string'],
    });
    expect(expectProblem(await place(bob.token, 'tea please'), 400).errors).toEqual({ lines: ['must be an array'] });
    // A bad item does not hide what is wrong with the array itself.
    const tooMany = [1, ...Array.from({ length: 100 }, () => ({ productId: tea.id, quantity: 1 }))];
    expect(expectProblem(await place(bob.token, tooMany), 400).errors).toMatchObject({
      'lines[0]': ['must be an object'],
      lines: [expect.stringContaining('100')],
    });
    expectProblem(await place(bob.token, [{ productId: tea.id, quantity: 1, unitPriceCents: 1 }]), 400, [
      'lines[0].unitPriceCents',
    ]);
    expectProblem(
      await app.http.post(
        '/api/orders',
        { lines: [{ productId: tea.id, quantity: 1 }], totalCents: 1 },
        { token: bob.token },
      ),
      400,
      ['totalCents'],
    );
  });

  it('400 when the same product is on two lines', async () => {
    expectProblem(
      await place(bob.token, [
        { productId: tea.id, quantity: 1 },
        { productId: tea.id, quantity: 2 },
      ]),
      400,
      ['lines[1].productId'],
    );
  });

  it('401 without a token', async () => {
    expectProblem(await app.http.post('/api/orders', { lines: [{ productId: tea.id, quantity: 1 }] }), 401);
  });
});

describe('shipping address', () => {
  const address = {
    name: 'Ada Lovelace',
    line1: '12 St James Square',
    city: 'London',
    postalCode: 'SW1Y 4LE',
    country: 'GB',
  };
  const withAddress = (shippingAddress: unknown, idempotencyKey?: string) =>
    app.http.post<Order & { shippingAddress: unknown }>(
      '/api/orders',
      { lines: [{ productId: tea.id, quantity: 1 }], shippingAddress },
      { token: alice.token, headers: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey } },
    );

  it('is stored with the order and shown on it, trimmed, the country in upper case, line2 null when absent', async () => {
    const response = await withAddress({ ...address, name: '  Ada Lovelace ', country: 'gb' });
    expect(response.status).toBe(202);
    const expected = { ...address, line2: null };
    expect(response.body.shippingAddress).toEqual(expected);
    expect(
      (await app.http.get(`/api/orders/${response.body.id}`, { token: alice.token })).body.shippingAddress,
    ).toEqual(expected);
    const page = await app.http.get<{ items: { id: string; shippingAddress: unknown }[] }>('/api/orders?limit=5', {
      token: alice.token,
    });
    expect(page.body.items.find((order) => order.id === response.body.id)?.shippingAddress).toEqual(expected);
    const withLine2 = await withAddress({ ...address, line2: 'Flat 3' });
    expect(withLine2.body.shippingAddress).toEqual({ ...address, line2: 'Flat 3' });
  });

  it('400 naming each bad field, and no order is stored', async () => {
    const before = (await listAll(alice.token, 100)).items.length;
    const problem = expectProblem(
      await withAddress({ name: '', line1: 7, city: 'London', postalCode: 'x'.repeat(21), country: 'XX', extra: 1 }),
      400,
    );
    expect(Object.keys(problem.errors ?? {}).sort()).toEqual([
      'shippingAddress.country',
      'shippingAddress.extra',
      'shippingAddress.line1',
      'shippingAddress.name',
      'shippingAddress.postalCode',
    ]);
    expect(problem.errors?.['shippingAddress.country']).toEqual(['must be an ISO 3166-1 alpha-2 country code']);
    expectProblem(await withAddress('London'), 400, ['shippingAddress']);
    expectProblem(await withAddress([address]), 400, ['shippingAddress']);
    const { city: _city, ...noCity } = address;
    expectProblem(await withAddress(noCity), 400, ['shippingAddress.city']);
    expect((await listAll(alice.token, 100)).items).toHaveLength(before);
  });

  it('is part of what an Idempotency-Key replays: the same address replays, another one is a 422', async () => {
    const idempotencyKey = key();
    const first = await withAddress(address, idempotencyKey);
    expect(first.status).toBe(202);
    const again = await withAddress(
      { country: 'GB', postalCode: 'SW1Y 4LE', city: 'London', line1: address.line1, name: address.name },
      idempotencyKey,
    );
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expectProblem(await withAddress({ ...address, city: 'Paris', country: 'FR' }, idempotencyKey), 422);
    expectProblem(await withAddress(undefined, idempotencyKey), 422);
  });
});

describe('Idempotency-Key', () => {
  it('the same key and body from the same customer returns the first order, marked replayed', async () => {
    const idempotencyKey = key();
    const lines = [{ productId: tea.id, quantity: 1 }];
    const first = await place(alice.token, lines, idempotencyKey);
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const second = await place(alice.token, lines, idempotencyKey);

    expect(second.status).toBe(202);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    expect(second.body).toEqual(sameOrder(first.body));
    expect(second.headers.get('location')).toBe(`/api/orders/${first.body.id}`);
    expect((await listAll(alice.token, 100)).items.filter((order) => order.id === first.body.id)).toHaveLength(1);
  });

  it('replays the first order even after the catalog price changed', async () => {
    const product = await shop.createProduct(admin, { priceCents: 100, stock: 10 });
    const idempotencyKey = key();
    const first = await placed(alice.token, [{ productId: product.id, quantity: 1 }], idempotencyKey);
    await app.http.patch(`/api/catalog/products/${product.id}`, { priceCents: 200 }, { token: admin });

    const second = await place(alice.token, [{ productId: product.id, quantity: 1 }], idempotencyKey);

    expect(second.body).toEqual(sameOrder(first));
    expect(second.body.totalCents).toBe(100);
  });

  it('422 when the same key comes with a different body', async () => {
    const idempotencyKey = key();
    const first = await placed(alice.token, [{ productId: tea.id, quantity: 1 }], idempotencyKey);
    const countBefore = (await listAll(alice.token, 100)).items.length;

    expectProblem(await place(alice.token, [{ productId: tea.id, quantity: 2 }], idempotencyKey), 422);
    expectProblem(await place(alice.token, [{ productId: cups.id, quantity: 1 }], idempotencyKey), 422);

    expect((await listAll(alice.token, 100)).items).toHaveLength(countBefore);
    expect((await app.http.get(`/api/orders/${first.id}`, { token: alice.token })).body.lines).toEqual([
      { productId: tea.id, quantity: 1, unitPriceCents: 1250 },
    ]);
  });

  it('replays the first order when the retry lists the same lines in another order, or the ids in upper case', async () => {
    const idempotencyKey = key();
    const first = await placed(
      alice.token,
      [
        { productId: tea.id, quantity: 1 },
        { productId: cups.id, quantity: 2 },
      ],
      idempotencyKey,
    );

    const reordered = await place(
      alice.token,
      [
        { productId: cups.id, quantity: 2 },
        { productId: tea.id, quantity: 1 },
      ],
      idempotencyKey,
    );
    const shouted = await place(
      alice.token,
      [
        { productId: tea.id.toUpperCase(), quantity: 1 },
        { productId: cups.id.toUpperCase(), quantity: 2 },
      ],
      idempotencyKey,
    );

    for (const retry of [reordered, shouted]) {
      expect(retry.status).toBe(202);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body.id).toBe(first.id);
    }
  });

  it('accepts product ids in upper case, as the catalog does', async () => {
    const order = await placed(alice.token, [{ productId: tea.id.toUpperCase(), quantity: 1 }]);
    expect(order.lines).toEqual([{ productId: tea.id, quantity: 1, unitPriceCents: 1250 }]);
  });

  it('the same key from another customer places a separate order', async () => {
    const idempotencyKey = key();
    const lines = [{ productId: cups.id, quantity: 1 }];
    const alices = await place(alice.token, lines, idempotencyKey);
    const bobs = await place(bob.token, lines, idempotencyKey);

    expect(alices.status).toBe(202);
    expect(bobs.status).toBe(202);
    expect(bobs.body.id).not.toBe(alices.body.id);
    expect(bobs.headers.get('idempotent-replayed')).toBeNull();
    expectProblem(await app.http.get(`/api/orders/${alices.body.id}`, { token: bob.token }), 404);
    expect((await app.http.get(`/api/orders/${bobs.body.id}`, { token: bob.token })).status).toBe(200);
  });

  it('five concurrent requests with the same key produce exactly one order', async () => {
    const customer = await shop.registerCustomer('Impatient');
    const idempotencyKey = key();
    const lines = [{ productId: tea.id, quantity: 3 }];

    const responses = await Promise.all(Array.from({ length: 5 }, () => place(customer.token, lines, idempotencyKey)));

    expect(responses.map((response) => response.status)).toEqual([202, 202, 202, 202, 202]);
    const ids = new Set(responses.map((response) => response.body.id));
    expect(ids.size).toBe(1);
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    const listed = await listAll(customer.token, 100);
    expect(listed.items.map((order) => order.id)).toEqual([...ids]);
  });

  it('without a key, two identical requests place two orders', async () => {
    const lines = [{ productId: cups.id, quantity: 1 }];
    const first = await placed(bob.token, lines);
    const second = await placed(bob.token, lines);
    expect(second.id).not.toBe(first.id);
  });

  it('400 naming Idempotency-Key when it is too long', async () => {
    expectProblem(await place(alice.token, [{ productId: tea.id, quantity: 1 }], 'k'.repeat(256)), 400, [
      'Idempotency-Key',
    ]);
  });
});

describe('GET /api/orders/:id', () => {
  let alicesOrder: Order;

  beforeAll(async () => {
    alicesOrder = await placed(alice.token, [{ productId: tea.id, quantity: 1 }]);
  });

  it('200 with the order for its customer', async () => {
    const response = await app.http.get(`/api/orders/${alicesOrder.id}`, { token: alice.token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(sameOrder(alicesOrder));
  });

  it("404 for another customer's order", async () => {
    const problem = expectProblem(await app.http.get(`/api/orders/${alicesOrder.id}`, { token: bob.token }), 404);
    // Indistinguishable from an order that does not exist.
    const missing = expectProblem(await app.http.get(`/api/orders/${unknownUuid()}`, { token: bob.token }), 404);
    expect(problem.code).toBe(missing.code);
    expect(problem.title).toBe(missing.title);
  });

  it('200 for an admin, whoever placed it', async () => {
    const response = await app.http.get(`/api/orders/${alicesOrder.id}`, { token: admin });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(sameOrder(alicesOrder));
  });

  it('404 for an unknown or malformed id', async () => {
    expectProblem(await app.http.get(`/api/orders/${unknownUuid()}`, { token: alice.token }), 404);
    expectProblem(await app.http.get('/api/orders/not-a-uuid', { token: alice.token }), 404);
    expectProblem(await app.http.get(`/api/orders/${tea.id}`, { token: admin }), 404);
  });

  it('401 without a token', async () => {
    expectProblem(await app.http.get(`/api/orders/${alicesOrder.id}`), 401);
  });
});

describe('GET /api/orders', () => {
  let carol: Customer;
  let carolsOrders: Order[];

  beforeAll(async () => {
    carol = await shop.registerCustomer('Carol');
    carolsOrders = [];
    for (let index = 1; index <= 5; index += 1) {
      carolsOrders.push(await placed(carol.token, [{ productId: tea.id, quantity: index }]));
      await placed(bob.token, [{ productId: cups.id, quantity: index }]); // interleaved orders of someone else
    }
  });

  it("200 with the customer's own orders only, newest first", async () => {
    const response = await app.http.get('/api/orders', { token: carol.token });

    expect(response.status).toBe(200);
    expect(response.body.nextCursor).toBeNull();
    expect(response.body.items).toEqual([...carolsOrders].reverse().map(sameOrder));
    const times = response.body.items.map((order: Order) => Date.parse(order.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('pages with limit and nextCursor, without duplicates or gaps', async () => {
    const { pages, items } = await listAll(carol.token, 2);

    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(items.map((order) => order.id)).toEqual([...carolsOrders].reverse().map((order) => order.id));
  });

  it("never shows other customers' orders", async () => {
    const bobs = (await listAll(bob.token, 100)).items;
    const carols = new Set(carolsOrders.map((order) => order.id));
    expect(bobs.length).toBeGreaterThanOrEqual(5);
    expect(bobs.filter((order) => carols.has(order.id))).toEqual([]);
    for (const order of bobs)
      expect((await app.http.get(`/api/orders/${order.id}`, { token: bob.token })).status).toBe(200);
  });

  it('an empty list for a customer without orders', async () => {
    const newcomer = await shop.registerCustomer('Newcomer');
    const response = await app.http.get('/api/orders', { token: newcomer.token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], nextCursor: null });
  });

  it.each(['0', '101', 'abc'])('400 naming `limit` for limit=%s', async (limit) => {
    expectProblem(await app.http.get(`/api/orders?limit=${limit}`, { token: carol.token }), 400, ['limit']);
  });

  it('400 naming `cursor` for a cursor the API did not return', async () => {
    expectProblem(await app.http.get('/api/orders?cursor=bogus', { token: carol.token }), 400, ['cursor']);
  });

  it('401 without a token', async () => {
    expectProblem(await app.http.get('/api/orders'), 401);
  });

  it('narrows to one status with ?status=', async () => {
    const dana = await shop.registerCustomer('Dana');
    const kept = await placed(dana.token, [{ productId: tea.id, quantity: 1 }]);
    const cancelled = await placed(dana.token, [{ productId: tea.id, quantity: 1 }]);
    expect((await app.http.post(`/api/orders/${cancelled.id}/cancel`, {}, { token: dana.token })).status).toBe(200);

    const onlyCancelled = await app.http.get('/api/orders?status=CANCELLED', { token: dana.token });
    expect(onlyCancelled.status).toBe(200);
    expect(onlyCancelled.body.items.map((order: Order) => order.id)).toEqual([cancelled.id]);
    const notCancelled = (await app.http.get('/api/orders', { token: dana.token })).body.items.filter(
      (order: Order) => order.status !== 'CANCELLED',
    );
    expect(notCancelled.map((order: Order) => order.id)).toEqual([kept.id]);
  });

  it('400 naming `status` for a status that does not exist', async () => {
    expectProblem(await app.http.get('/api/orders?status=LOST', { token: carol.token }), 400, ['status']);
    expectProblem(await app.http.get('/api/orders?status=pending', { token: carol.token }), 400, ['status']);
  });
});

describe('GET /api/admin/orders', () => {
  let erin: Customer;
  let frank: Customer;
  let placedInTurn: Order[];

  beforeAll(async () => {
    [erin, frank] = [await shop.registerCustomer('Erin'), await shop.registerCustomer('Frank')];
    placedInTurn = [];
    for (let index = 1; index <= 3; index += 1) {
      placedInTurn.push(await placed(erin.token, [{ productId: tea.id, quantity: index }]));
      placedInTurn.push(await placed(frank.token, [{ productId: cups.id, quantity: index }]));
    }
  });

  const asAdmin = (query: string) => app.http.get(`/api/admin/orders${query}`, { token: admin });

  it("200 with every customer's orders, newest first, each naming its customer", async () => {
    const { items } = await walkPages<Order>(app.http, '/api/admin/orders?limit=7', admin);
    const ids = items.map((order) => order.id);
    expect(new Set(ids).size).toBe(ids.length);
    const ours = items.filter((order) => placedInTurn.some((mine) => mine.id === order.id));
    expect(ours.map((order) => order.id)).toEqual([...placedInTurn].reverse().map((order) => order.id));
    expect(ours.map((order) => order.customerId)).toEqual(
      [frank, erin, frank, erin, frank, erin].map((customer) => customer.id),
    );
    const times = items.map((order) => Date.parse(order.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('narrows to one customer with ?customerId= (in any letter case), paged', async () => {
    const { pages, items } = await walkPages<Order>(
      app.http,
      `/api/admin/orders?limit=2&customerId=${erin.id.toUpperCase()}`,
      admin,
    );
    expect(pages.map((page) => page.length)).toEqual([2, 1]);
    expect(items.map((order) => order.id)).toEqual(
      placedInTurn
        .filter((order) => order.customerId === erin.id)
        .reverse()
        .map((order) => order.id),
    );
  });

  it('narrows to one status with ?status=, also together with ?customerId=', async () => {
    const cancelled = placedInTurn[2];
    expect((await app.http.post(`/api/orders/${cancelled.id}/cancel`, {}, { token: admin })).status).toBe(200);
    const response = await asAdmin(`?status=CANCELLED&customerId=${erin.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      items: [expect.objectContaining({ id: cancelled.id, customerId: erin.id, status: 'CANCELLED' })],
      nextCursor: null,
    });
    const everyCancelled = (await walkPages<Order>(app.http, '/api/admin/orders?status=CANCELLED&limit=100', admin))
      .items;
    expect(everyCancelled.map((order) => order.status)).toEqual(everyCancelled.map(() => 'CANCELLED'));
    expect(everyCancelled.map((order) => order.id)).toContain(cancelled.id);
  });

  it('an empty page for a customer without orders, or an id no one has', async () => {
    const newcomer = await shop.registerCustomer('Quiet');
    expect((await asAdmin(`?customerId=${newcomer.id}`)).body).toEqual({ items: [], nextCursor: null });
    expect((await asAdmin(`?customerId=${unknownUuid()}`)).body).toEqual({ items: [], nextCursor: null });
  });

  it('400 naming the bad parameters', async () => {
    expectProblem(await asAdmin('?customerId=not-a-uuid'), 400, ['customerId']);
    expectProblem(await asAdmin('?status=LOST'), 400, ['status']);
    expectProblem(await asAdmin('?limit=0'), 400, ['limit']);
    expectProblem(await asAdmin('?cursor=bogus'), 400, ['cursor']);
    expectProblem(await asAdmin('?unknown=1'), 400, ['unknown']);
  });

  it('403 for a customer, even about their own orders; 401 without a token', async () => {
    expectProblem(await app.http.get(`/api/admin/orders?customerId=${erin.id}`, { token: erin.token }), 403);
    expectProblem(await app.http.get('/api/admin/orders'), 401);
  });
});

describe('POST /api/orders/:id/cancel', () => {
  it('200 with the order CANCELLED; the change is stored', async () => {
    const order = await placed(alice.token, [{ productId: tea.id, quantity: 1 }]);

    const response = await app.http.post(`/api/orders/${order.id}/cancel`, undefined, { token: alice.token });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ...order,
      status: 'CANCELLED',
      cancellationReason: 'Cancelled by the customer.',
      updatedAt: expect.any(String),
    });
    expect(Date.parse(response.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(order.updatedAt));
    expect((await app.http.get(`/api/orders/${order.id}`, { token: alice.token })).body.status).toBe('CANCELLED');
  });

  it('409 when the order is already CANCELLED', async () => {
    const order = await placed(alice.token, [{ productId: tea.id, quantity: 1 }]);
    expect((await app.http.post(`/api/orders/${order.id}/cancel`, undefined, { token: alice.token })).status).toBe(200);

    expectProblem(await app.http.post(`/api/orders/${order.id}/cancel`, undefined, { token: alice.token }), 409);
    expect((await app.http.get(`/api/orders/${order.id}`, { token: alice.token })).body.status).toBe('CANCELLED');
  });

  it("404 for another customer's order, which is not cancelled", async () => {
    const order = await placed(alice.token, [{ productId: tea.id, quantity: 1 }]);

    expectProblem(await app.http.post(`/api/orders/${order.id}/cancel`, undefined, { token: bob.token }), 404);

    expect((await app.http.get(`/api/orders/${order.id}`, { token: alice.token })).body.status).not.toBe('CANCELLED');
  });

  it("200 for an admin cancelling a customer's order", async () => {
    const order = await placed(alice.token, [{ productId: tea.id, quantity: 1 }]);
    const response = await app.http.post(`/api/orders/${order.id}/cancel`, undefined, { token: admin });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('CANCELLED');
  });

  it('accepts an empty JSON object as the body', async () => {
    const order = await placed(alice.token, [{ productId: tea.id, quantity: 1 }]);
    const response = await app.http.post(`/api/orders/${order.id}/cancel`, {}, { token: alice.token });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('CANCELLED');
  });

  it('accepts no body at all, also under Content-Type application/json', async () => {
    const order = await placed(alice.token, [{ productId: tea.id, quantity: 1 }]);
    expect((await app.http.post(`/api/orders/${order.id}/cancel`, undefined, { token: alice.token })).status).toBe(200);
    const other = await placed(alice.token, [{ productId: tea.id, quantity: 1 }]);
    expect(
      (await app.http.post(`/api/orders/${other.id}/cancel`, undefined, { token: alice.token, raw: '' })).status,
    ).toBe(200);
  });

  it('400 naming a field sent in the body, which cancelling does not take, and the order stays as it was', async () => {
    const order = await placed(alice.token, [{ productId: tea.id, quantity: 1 }]);
    expectProblem(
      await app.http.post(`/api/orders/${order.id}/cancel`, { reason: 'changed my mind' }, { token: alice.token }),
      400,
      ['reason'],
    );
    expect((await app.http.get(`/api/orders/${order.id}`, { token: alice.token })).body.status).not.toBe('CANCELLED');
  });

  it('concurrent cancels: exactly one succeeds, the others get 409', async () => {
    const order = await placed(alice.token, [{ productId: tea.id, quantity: 1 }]);
    const responses = await Promise.all(
      Array.from({ length: 4 }, () =>
        app.http.post(`/api/orders/${order.id}/cancel`, undefined, { token: alice.token }),
      ),
    );
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    for (const response of responses.filter((each) => each.status !== 200)) expectProblem(response, 409);
  });

  it('404 for an unknown or malformed id', async () => {
    expectProblem(await app.http.post(`/api/orders/${unknownUuid()}/cancel`, undefined, { token: alice.token }), 404);
    expectProblem(await app.http.post('/api/orders/not-a-uuid/cancel', undefined, { token: alice.token }), 404);
  });

  it('401 without a token', async () => {
    const order = await placed(alice.token, [{ productId: tea.id, quantity: 1 }]);
    expectProblem(await app.http.post(`/api/orders/${order.id}/cancel`), 401);
    expect((await app.http.get(`/api/orders/${order.id}`, { token: alice.token })).body.status).not.toBe('CANCELLED');
  });
});

describe('status and reason, as the stock saga settles the order', () => {
  it('an order within stock is CONFIRMED, without a reason', async () => {
    const order = await placed(alice.token, [{ productId: cups.id, quantity: 1 }]);
    const settled = await eventually(order.id, alice.token, ['CONFIRMED', 'REJECTED']);
    expect(settled.status).toBe('CONFIRMED');
    expect(settled).not.toHaveProperty('reason');
  });

  it('an order over the stock is REJECTED with a reason, shown by GET and by the list', async () => {
    const scarce = await shop.createProduct(admin, { stock: 2 });
    const order = await placed(alice.token, [{ productId: scarce.id, quantity: 3 }]);
    expect(order.status).toBe('PENDING');

    const settled = await eventually(order.id, alice.token, ['CONFIRMED', 'REJECTED']);

    expect(settled.status).toBe('REJECTED');
    expect(settled.reason).toEqual(expect.any(String));
    expect(settled.reason!.length).toBeGreaterThan(0);
    expect((await app.http.get(`/api/orders/${order.id}`, { token: admin })).body.reason).toBe(settled.reason);
    const listed = (await listAll(alice.token, 100)).items.find((each) => each.id === order.id);
    expect(listed).toEqual(expect.objectContaining({ status: 'REJECTED', reason: settled.reason }));
    expect((await app.http.get(`/api/catalog/products/${scarce.id}`)).body.stock).toBe(2);
  });

  it('409 when cancelling a REJECTED order, which stays REJECTED', async () => {
    const scarce = await shop.createProduct(admin, { stock: 0 });
    const order = await placed(alice.token, [{ productId: scarce.id, quantity: 1 }]);
    expect((await eventually(order.id, alice.token, ['CONFIRMED', 'REJECTED'])).status).toBe('REJECTED');

    expectProblem(await app.http.post(`/api/orders/${order.id}/cancel`, undefined, { token: alice.token }), 409);
    expectProblem(await app.http.post(`/api/orders/${order.id}/cancel`, undefined, { token: admin }), 409);

    expect((await app.http.get(`/api/orders/${order.id}`, { token: alice.token })).body.status).toBe('REJECTED');
  });

  it('200 CANCELLED when cancelling a CONFIRMED order', async () => {
    const order = await placed(alice.token, [{ productId: cups.id, quantity: 1 }]);
    expect((await eventually(order.id, alice.token, ['CONFIRMED', 'REJECTED'])).status).toBe('CONFIRMED');

    const response = await app.http.post(`/api/orders/${order.id}/cancel`, undefined, { token: alice.token });

    expect(response.status).toBe(200);
    expect(response.body.status).toBe('CANCELLED');
    expectProblem(await app.http.post(`/api/orders/${order.id}/cancel`, undefined, { token: alice.token }), 409);
  });
});
