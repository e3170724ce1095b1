import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { OPENAPI_FILE } from '../../../scripts/openapi/write-openapi.js';
import { EventStreamClient } from '../../support/event-stream-client.js';
import { eventually } from '../../support/eventually.js';
import { HttpClient } from '../../support/http-client.js';
import { rawRequest } from '../../support/raw-request.js';
import { shippingSaga } from '../../support/shipping-saga.js';
import { expectStatus, ShopActions } from '../../support/shop-actions.js';
import { ROOT } from '../../support/tessera-process.js';
import { type Deployment, STOREFRONT_ORIGIN } from './deployment.js';

const FINAL = ['CONFIRMED', 'REJECTED', 'CANCELLED'];

/**
 * The black-box suite every stage must pass, through the one public base URL:
 * the HTTP contract and the order saga. It knows nothing of how the deployment
 * is split, which is the point.
 */
export function contractSuite(deployment: () => Deployment): void {
  let http: HttpClient;
  let shop: ShopActions;
  let admin: string;

  beforeAll(async () => {
    http = new HttpClient(deployment().baseUrl);
    shop = new ShopActions(http);
    admin = await shop.adminToken();
  });

  describe('the shipping saga', () => shippingSaga(() => new HttpClient(deployment().baseUrl)));

  const order = (token: string, id: string) =>
    http.get(`/api/orders/${id}`, { token }).then((response) => response.body);
  const stock = (productId: string) =>
    http.get(`/api/catalog/products/${productId}`).then((response) => response.body.stock as number);
  const place = async (
    token: string,
    lines: { productId: string; quantity: number }[],
    headers: Record<string, string> = {},
  ) => {
    const response = await http.post('/api/orders', { lines }, { token, headers });
    expectStatus(response, 202);
    return response.body as { id: string; status: string; totalCents: number };
  };
  const settle = (token: string, id: string) =>
    eventually(
      () => order(token, id),
      (body) => FINAL.includes(body.status),
      15_000,
    );

  it('is healthy, with a line per dependency, and documents its API', async () => {
    const health = await http.get('/health');
    expect({ status: health.status, body: health.body }).toMatchObject({ status: 200 });
    const dependencies = Object.entries(health.body.dependencies as Record<string, { status: string }>);
    expect(dependencies.filter(([name]) => name.startsWith('database:')).length).toBeGreaterThan(0);
    expect(dependencies.filter(([, dependency]) => dependency.status !== 'up')).toEqual([]);
    const openapi = await http.get('/docs-json');
    expect(openapi.status).toBe(200);
    // However the modules are split, clients see the one committed contract.
    const committed = JSON.parse(await readFile(`${ROOT}/${OPENAPI_FILE}`, 'utf8'));
    expect(openapi.body.paths).toEqual(committed.paths);
    expect(openapi.body.components).toEqual(committed.components);
  });

  it('registers, signs in and knows the customer; refuses duplicates, bad input and bad credentials', async () => {
    const customer = await shop.registerCustomer('Topology Customer');
    const me = await http.get('/api/users/me', { token: customer.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: customer.id, email: customer.email, roles: ['customer'] });
    expect(
      (
        await http.post('/api/users', {
          email: customer.email.toUpperCase(),
          password: 'another-password',
          name: 'Dup',
        })
      ).status,
    ).toBe(409);
    const bad = await http.post('/api/users', { email: 'nope', password: 'short', name: 'X' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await http.post('/api/auth/login', { email: customer.email, password: 'wrong-password' })).status).toBe(
      401,
    );
    expect((await http.get('/api/users/me')).status).toBe(401);
  });

  it('renews a session with its refresh token once, and ends it on logout', async () => {
    const customer = await shop.registerCustomer();
    const login = await http.post('/api/auth/login', { email: customer.email, password: customer.password });
    const renewed = await http.post('/api/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(renewed.status).toBe(200);
    expect((await http.get('/api/users/me', { token: renewed.body.accessToken })).body.id).toBe(customer.id);
    expect((await http.post('/api/auth/refresh', { refreshToken: login.body.refreshToken })).body.code).toBe(
      'users.refresh-token-reused',
    );
    const again = await http.post('/api/auth/login', { email: customer.email, password: customer.password });
    expect((await http.post('/api/auth/logout', { refreshToken: again.body.refreshToken })).status).toBe(204);
    expect((await http.post('/api/auth/refresh', { refreshToken: again.body.refreshToken })).status).toBe(401);
  });

  it('manages the catalog as admin and refuses customers', async () => {
    const customer = await shop.registerCustomer();
    const product = await shop.createProduct(admin, { name: 'Topology Tea', stock: 5, priceCents: 700 });
    expect(
      (
        await http.post(
          '/api/catalog/products',
          { sku: 'X-1', name: 'x', priceCents: 1, stock: 1 },
          { token: customer.token },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await http.post(
          '/api/catalog/products',
          { sku: product.sku, name: 'dup', priceCents: 1, stock: 1 },
          { token: admin },
        )
      ).status,
    ).toBe(409);
    expect((await http.get(`/api/catalog/products/${product.id}`)).body).toMatchObject({
      name: 'Topology Tea',
      stock: 5,
      priceCents: 700,
    });
    expect((await http.get(`/api/catalog/products/${randomUUID()}`)).status).toBe(404);
    const listed = await http.get(`/api/catalog/products?q=${encodeURIComponent(product.sku)}`);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([product.id]);
    expect(
      (await http.patch(`/api/catalog/products/${product.id}`, { priceCents: 650 }, { token: admin })).body.priceCents,
    ).toBe(650);
    expect(
      (await http.post(`/api/catalog/products/${product.id}/stock-adjustments`, { delta: -6 }, { token: admin }))
        .status,
    ).toBe(409);
    expect(
      (await http.post(`/api/catalog/products/${product.id}/stock-adjustments`, { delta: 3 }, { token: admin })).body
        .stock,
    ).toBe(8);
  });

  it('confirms an order when stock is reserved, at the catalog price of the moment', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 5, priceCents: 450 });
    const placed = await place(customer.token, [{ productId: tea.id, quantity: 2 }]);
    expect(placed).toMatchObject({ status: 'PENDING', totalCents: 900 });
    expect((await settle(customer.token, placed.id)).status).toBe('CONFIRMED');
    expect(await stock(tea.id)).toBe(3);
    const listed = await http.get('/api/orders', { token: customer.token });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([placed.id]);
  });

  it('rejects an order that cannot be reserved, with a reason, and takes nothing', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 1 });
    const placed = await place(customer.token, [{ productId: tea.id, quantity: 3 }]);
    const final = await settle(customer.token, placed.id);
    expect(final.status).toBe('REJECTED');
    expect(final.reason).toContain('3 requested, 1 available');
    expect(await stock(tea.id)).toBe(1);
    expect((await http.post(`/api/orders/${placed.id}/cancel`, undefined, { token: customer.token })).status).toBe(409);
  });

  it('refuses unknown products and bad quantities, and hides other customers’ orders', async () => {
    const [alice, bob] = [await shop.registerCustomer(), await shop.registerCustomer()];
    const tea = await shop.createProduct(admin, { stock: 5 });
    const unknown = await http.post(
      '/api/orders',
      { lines: [{ productId: randomUUID(), quantity: 1 }] },
      { token: alice.token },
    );
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.body.errors)).toEqual(['lines[0].productId']);
    expect(
      (await http.post('/api/orders', { lines: [{ productId: tea.id, quantity: 0 }] }, { token: alice.token })).status,
    ).toBe(400);
    const placed = await place(alice.token, [{ productId: tea.id, quantity: 1 }]);
    expect((await http.get(`/api/orders/${placed.id}`, { token: bob.token })).status).toBe(404);
    expect((await http.post(`/api/orders/${placed.id}/cancel`, undefined, { token: bob.token })).status).toBe(404);
    expect((await http.get(`/api/orders/${placed.id}`, { token: admin })).status).toBe(200);
  });

  it("lists every customer's orders to an admin, by customer and status, and to no one else", async () => {
    const [alice, bob] = [await shop.registerCustomer(), await shop.registerCustomer()];
    const tea = await shop.createProduct(admin, { stock: 5 });
    const alices = await place(alice.token, [{ productId: tea.id, quantity: 1 }]);
    const bobs = await place(bob.token, [{ productId: tea.id, quantity: 1 }]);
    await settle(bob.token, bobs.id);
    const newest = await http.get('/api/admin/orders?limit=100', { token: admin });
    expect(newest.status).toBe(200);
    const ids = (newest.body.items as { id: string }[]).map((item) => item.id);
    expect(ids.indexOf(bobs.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(bobs.id)).toBeLessThan(ids.indexOf(alices.id));
    const hers = await http.get(`/api/admin/orders?customerId=${alice.id}`, { token: admin });
    expect(hers.body).toEqual({
      items: [expect.objectContaining({ id: alices.id, customerId: alice.id })],
      nextCursor: null,
    });
    const confirmed = await http.get(`/api/admin/orders?customerId=${bob.id}&status=CONFIRMED`, { token: admin });
    expect((confirmed.body.items as { id: string }[]).map((item) => item.id)).toEqual([bobs.id]);
    expect((await http.get('/api/admin/orders', { token: alice.token })).status).toBe(403);
    expect((await http.get('/api/admin/orders')).status).toBe(401);
  });

  it('returns the first order for a repeated Idempotency-Key, even under concurrency', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 50 });
    const key = `key-${randomUUID()}`;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        http.post(
          '/api/orders',
          { lines: [{ productId: tea.id, quantity: 1 }] },
          { token: customer.token, headers: { 'idempotency-key': key } },
        ),
      ),
    );
    expect(new Set(responses.map((response) => response.status))).toEqual(new Set([202]));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    await settle(customer.token, responses[0].body.id);
    expect(await stock(tea.id)).toBe(49);
  });

  it('releases the stock of a cancelled order, also when the cancel races the reservation', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 20 });
    const confirmed = await place(customer.token, [{ productId: tea.id, quantity: 2 }]);
    await settle(customer.token, confirmed.id);
    const racing = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const placed = await place(customer.token, [{ productId: tea.id, quantity: 1 }]);
        expectStatus(await http.post(`/api/orders/${placed.id}/cancel`, undefined, { token: customer.token }), 200);
        return placed.id;
      }),
    );
    expectStatus(await http.post(`/api/orders/${confirmed.id}/cancel`, undefined, { token: customer.token }), 200);
    await eventually(
      () => stock(tea.id),
      (value) => value === 20,
      15_000,
    );
    for (const id of [...racing, confirmed.id]) expect((await order(customer.token, id)).status).toBe('CANCELLED');
  });

  it('gives the last unit to exactly one of several concurrent orders', async () => {
    const tea = await shop.createProduct(admin, { stock: 1 });
    const customers = await Promise.all(Array.from({ length: 5 }, () => shop.registerCustomer()));
    const placed = await Promise.all(
      customers.map((customer) => place(customer.token, [{ productId: tea.id, quantity: 1 }])),
    );
    const finals = await Promise.all(placed.map((p, index) => settle(customers[index].token, p.id)));
    expect(finals.filter((body) => body.status === 'CONFIRMED')).toHaveLength(1);
    expect(finals.filter((body) => body.status === 'REJECTED')).toHaveLength(4);
    expect(await stock(tea.id)).toBe(0);
  });

  it('signs a browser in with cookies and pushes its orders live, resuming after a break', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 5 });
    const login = await http.post(
      '/api/auth/browser/login',
      { email: customer.email, password: customer.password },
      { headers: { 'sec-fetch-site': 'same-origin' } },
    );
    expectStatus(login, 200);
    const cookie = login.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .find((pair) => pair.startsWith('tessera_access='))!;
    const url = `${deployment().baseUrl}/api/orders/updates`;
    const stream = await EventStreamClient.open(url, { cookie });
    try {
      expect((await stream.next(() => true)).data).toMatchObject({ snapshot: true, orders: [] });
      const placed = await http.post(
        '/api/orders',
        { lines: [{ productId: tea.id, quantity: 1 }] },
        { headers: { cookie, 'sec-fetch-site': 'same-origin' } },
      );
      expectStatus(placed, 202);
      const confirmed = await stream.next(
        (event) =>
          event.data.orders.some(
            (o: { id: string; status: string }) => o.id === placed.body.id && o.status === 'CONFIRMED',
          ),
        15_000,
      );
      stream.close();
      expectStatus(await http.post(`/api/orders/${placed.body.id}/cancel`, undefined, { token: customer.token }), 200);
      const resumed = await EventStreamClient.open(url, { cookie, 'last-event-id': confirmed.id! });
      try {
        const next = await resumed.next(() => true);
        expect(next.data.snapshot).toBe(false);
        expect(next.data.orders).toContainEqual(expect.objectContaining({ id: placed.body.id, status: 'CANCELLED' }));
      } finally {
        resumed.close();
      }
    } finally {
      stream.close();
    }
  });

  it('shows operators every module up, wherever it runs, and the events as they are published', async () => {
    const overview = await http.get('/api/admin/modules', { token: admin });
    expect(overview.status).toBe(200);
    for (const module of overview.body.modules as { name: string; runs: string; health: string; messaging?: unknown }[])
      expect({
        module: module.name,
        runs: ['in-process', 'remote'].includes(module.runs),
        health: module.health,
      }).toEqual({
        module: module.name,
        runs: true,
        health: 'up',
      });
    const events = await EventStreamClient.open(`${deployment().baseUrl}/api/admin/events/stream`, {
      authorization: `Bearer ${admin}`,
    });
    try {
      const customer = await shop.registerCustomer();
      const tea = await shop.createProduct(admin, { stock: 5 });
      const placed = await place(customer.token, [{ productId: tea.id, quantity: 1 }]);
      // Published by orders, then by catalog, then by orders again: whichever processes they run in.
      for (const type of ['orders.order-placed.v1', 'catalog.stock-reserved.v1', 'orders.order-confirmed.v1'])
        await events.next(
          (event) => event.data.type === `tessera.${type}` && JSON.stringify(event.data.data).includes(placed.id),
          15_000,
        );
    } finally {
      events.close();
    }
  });

  it('never exposes service endpoints through the public base URL', async () => {
    const customer = await shop.registerCustomer();
    const product = await shop.createProduct(admin, { stock: 5 });
    const placed = await place(customer.token, [{ productId: product.id, quantity: 1 }]);
    // Real routes with real ids, so that a 404 cannot just mean "no such route".
    const calls: [method: 'get' | 'post', path: string][] = [
      ['post', '/internal/catalog/products/lookup'],
      ['get', `/internal/users/${customer.id}`],
      ['get', `/internal/orders/${placed.id}`],
      ['get', '/internal/health'],
      ['get', '/internal/events/dead-letters?includeRedriven=true'],
      ['post', `/internal/events/dead-letters/${randomUUID()}/redrive`],
      ['get', '/internal/operations/modules'],
    ];
    for (const [method, path] of calls) {
      for (const token of [undefined, customer.token, admin]) {
        const response =
          method === 'post' ? await http.post(path, { ids: [product.id] }, { token }) : await http.get(path, { token });
        expect({ path, status: [401, 404].includes(response.status) }).toEqual({ path, status: true });
        expect(JSON.stringify(response.body)).not.toContain(customer.email);
        expect(JSON.stringify(response.body)).not.toContain(product.sku);
      }
    }
  });

  it('keeps path tricks on public routes from reaching service endpoints or other routes', async () => {
    const base = deployment().baseUrl;
    for (const prefix of ['/api/catalog', '/api/users', '/api/auth', '/api/orders', '/api/admin/orders']) {
      for (const trick of [
        '%2e%2e/%2e%2e/internal/health',
        '..%2f..%2finternal/health',
        '.%2e/.%2e/health/local',
        '..\\..\\metrics',
        '%2e%2e/%2e%2e/api/admin/events/dead-letters',
      ]) {
        const response = await rawRequest(base, 'GET', `${prefix}/${trick}`);
        // Refused by the proxy (404) or, where the module is local, by its own routes (a single segment can be an id: 401).
        expect({ target: `${prefix}/${trick}`, status: [401, 404].includes(response.status) }).toEqual({
          target: `${prefix}/${trick}`,
          status: true,
        });
        expect(response.body).not.toMatch(/"instance":"\/(internal|health|metrics|api\/admin\/events)/);
      }
    }
  });

  it('answers CORS preflights in the process that serves the public API, and lets the storefront read answers alike', async () => {
    const origin = { origin: STOREFRONT_ORIGIN };
    for (const path of ['/api/catalog/products', '/api/orders', '/api/users/me', '/api/auth/login']) {
      const preflight = await http.request('OPTIONS', path, undefined, {
        headers: {
          ...origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect({ path, status: preflight.status, origin: preflight.headers.get('access-control-allow-origin') }).toEqual({
        path,
        status: 204,
        origin: STOREFRONT_ORIGIN,
      });
    }
    const product = await shop.createProduct(admin, { stock: 1 });
    for (const path of [`/api/catalog/products/${product.id}`, '/api/users/me', '/api/orders']) {
      const response = await http.get(path, { headers: origin });
      // One value, whichever process answered: a browser refuses a doubled Access-Control-Allow-Origin.
      expect({ path, origin: response.headers.get('access-control-allow-origin') }).toEqual({
        path,
        origin: STOREFRONT_ORIGIN,
      });
    }
    const stranger = await http.get(`/api/catalog/products/${product.id}`, {
      headers: { origin: 'https://elsewhere.example.net' },
    });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers alike whether a route is served here or forwarded: HEAD lengths, other methods, dot segments', async () => {
    const base = deployment().baseUrl;
    const product = await shop.createProduct(admin, { stock: 1 });
    for (const path of [
      '/api/catalog/products?limit=2',
      `/api/catalog/products/${product.id}`,
      '/api/catalog/products/not-an-id',
    ]) {
      const get = await rawRequest(base, 'GET', path);
      const head = await rawRequest(base, 'HEAD', path);
      expect({ path, status: head.status, length: head.headers['content-length'], body: head.body }).toEqual({
        path,
        status: get.status,
        length: String(Buffer.byteLength(get.body)),
        body: '',
      });
    }
    const trace = await rawRequest(base, 'TRACE', '/api/catalog/products');
    expect({ status: trace.status, code: JSON.parse(trace.body).code }).toEqual({
      status: 501,
      code: 'not-implemented',
    });
    for (const method of ['PROPFIND', 'PUT', 'DELETE']) {
      const response = await rawRequest(base, method, '/api/catalog/products');
      expect({ method, status: response.status, allow: response.headers.allow }).toEqual({
        method,
        status: 405,
        allow: 'GET, HEAD, POST',
      });
    }
    for (const path of [
      '/api/catalog/./products',
      '/api/catalog/x/%2e%2e/products',
      '/api/catalog/x\\..\\products',
      '/api/catalog/products/%2E%2e',
    ]) {
      const response = await rawRequest(base, 'GET', path);
      expect({ path, status: response.status, problem: response.headers['content-type'] }).toEqual({
        path,
        status: 404,
        problem: expect.stringContaining('application/problem+json'),
      });
    }
  });

  it('answers requests fetch cannot forward without counting them against a remote module', async () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      expect((await rawRequest(deployment().baseUrl, 'TRACE', '/api/catalog/products')).status).toBe(501);
      expect(
        (await rawRequest(deployment().baseUrl, 'GET', '/api/catalog/products', { expect: '100-continue' })).status,
      ).toBe(200);
      // An absolute-form target is routed by its path, here and through the proxy alike; its origin is never contacted.
      expect(
        (await rawRequest(deployment().baseUrl, 'GET', 'http://elsewhere.example/api/catalog/products')).status,
      ).toBe(200);
    }
    // Had those opened a circuit breaker, orders (which price lines through the catalog) would now get 503.
    expectStatus(await http.get('/health'), 200);
    const customer = await shop.registerCustomer();
    const product = await shop.createProduct(admin, { stock: 1 });
    await place(customer.token, [{ productId: product.id, quantity: 1 }]);
  });
}
