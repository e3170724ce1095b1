import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EventStreamClient } from '../support/event-stream-client.js';
import { expectStatus, ShopActions } from '../support/shop-actions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';
import { expectProblem } from './expect-problem.js';

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

describe('GET /api/admin/modules', () => {
  it('shows every module as declared, where it runs, its health and its messaging', async () => {
    const response = await app.http.get('/api/admin/modules', { token: admin });
    expect(response.status).toBe(200);
    const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
    expect(response.body.version).toBe(version);
    const modules = response.body.modules as Record<string, any>[];
    expect(modules.map((module) => module.name)).toEqual(['catalog', 'orders', 'shipping', 'users']);
    for (const module of modules) {
      expect(module).toMatchObject({ runs: 'in-process', health: 'up', version });
      expect(module.messaging).toEqual({
        outboxBacklog: expect.any(Number),
        oldestPendingAt: module.messaging.outboxBacklog === 0 ? null : expect.any(String),
        deliveryLagSeconds: expect.any(Number),
        retrying: expect.any(Number),
        deadLetters: expect.any(Number),
      });
    }
    const orders = modules.find((module) => module.name === 'orders')!;
    expect(orders).toMatchObject({
      dependsOn: ['catalog'],
      publicRoutes: ['/api/orders', '/api/admin/orders'],
      publishes: expect.arrayContaining(['orders.order-placed.v1']),
      consumes: expect.arrayContaining(['catalog.stock-reserved.v1']),
    });
  });

  it('counts what waits in an outbox, with the age of the oldest as the delivery lag', async () => {
    // An event whose delivery failed and waits for its retry, a minute old.
    const occurredAt = new Date(Date.now() - 60_000);
    await withClient(app.database.url, (client) =>
      client.query(
        `INSERT INTO users.outbox (id, type, aggregate_id, correlation_id, occurred_at, payload, attempts, next_attempt_at, last_error)
         VALUES ($1, 'users.user-registered.v1', $2, $4, $3, '{}', 3, now() + interval '1 hour', 'broker said no')`,
        [randomUUID(), randomUUID(), occurredAt, randomUUID()],
      ),
    );
    const users = (await app.http.get('/api/admin/modules', { token: admin })).body.modules.find(
      (module: { name: string }) => module.name === 'users',
    );
    expect(users.messaging.outboxBacklog).toBe(1);
    expect(users.messaging.oldestPendingAt).toBe(occurredAt.toISOString());
    expect(users.messaging.deliveryLagSeconds).toBeGreaterThanOrEqual(60);
    await withClient(app.database.url, (client) => client.query('DELETE FROM users.outbox WHERE delivered_at IS NULL'));
  });

  it('is for admins only', async () => {
    const customer = await shop.registerCustomer();
    expectProblem(await app.http.get('/api/admin/modules', { token: customer.token }), 403);
    expectProblem(await app.http.get('/api/admin/modules'), 401);
  });
});

describe('GET /api/admin/events/stream', () => {
  it('shows each integration event as it is published, as a CloudEvent', async () => {
    const stream = await EventStreamClient.open(`${app.running.url}/api/admin/events/stream`, {
      authorization: `Bearer ${admin}`,
    });
    try {
      expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const customer = await shop.registerCustomer();
      const tea = await shop.createProduct(admin, { stock: 3 });
      const placed = await app.http.post(
        '/api/orders',
        { lines: [{ productId: tea.id, quantity: 1 }] },
        { token: customer.token },
      );
      expectStatus(placed, 202);
      const reserved = await stream.next(
        (event) =>
          event.data.type === 'tessera.catalog.stock-reserved.v1' && event.data.data.orderId === placed.body.id,
      );
      expect(reserved).toMatchObject({
        event: 'integration-event',
        id: reserved.data.id,
        data: {
          specversion: '1.0',
          source: '/tessera/catalog',
          subject: expect.any(String),
          time: expect.any(String),
          datacontenttype: 'application/json',
          dataschema: 'urn:tessera:asyncapi:message:catalog.stock-reserved.v1',
          correlationid: expect.any(String),
        },
      });
      const placedEvent = await stream.next((event) => event.data.type === 'tessera.orders.order-placed.v1');
      expect(placedEvent.data).toMatchObject({ source: '/tessera/orders', subject: placed.body.id });
      // Before the reservation it caused.
      expect(stream.events.indexOf(placedEvent)).toBeLessThan(stream.events.indexOf(reserved));
    } finally {
      stream.close();
    }
  });

  it('is for admins only', async () => {
    const customer = await shop.registerCustomer();
    expectProblem(await app.http.get('/api/admin/events/stream', { token: customer.token }), 403);
    expectProblem(await app.http.get('/api/admin/events/stream'), 401);
  });
});

describe('the pages', () => {
  const CSP =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
    "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  it('serves the storefront at its routes and the console under /console, with a strict policy', async () => {
    for (const [path, title] of [
      ['/', 'Tessera shop'],
      ['/cart', 'Tessera shop'],
      ['/orders/0197a6c4-0000-7000-8000-000000000000', 'Tessera shop'],
      ['/console', 'Tessera console'],
      ['/console/dead-letters', 'Tessera console'],
    ]) {
      const page = await app.http.get(path);
      expect({ path, status: page.status }).toEqual({ path, status: 200 });
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toBe(CSP);
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.body).toContain(`<title>${title}</title>`);
      // Every script comes from a file: the policy allows no inline one.
      const scripts = [...(page.body as string).matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, inline] of scripts) {
        expect(attributes).toMatch(/src="\/assets\/[\w-]+\.js"/);
        expect(inline).toBe('');
      }
      expect(page.body).not.toMatch(/\sstyle=|\son\w+=/);
    }
  });

  it('serves the assets a page names, cached for good, and nothing else under /assets', async () => {
    const page = await app.http.get('/');
    const assets = [...(page.body as string).matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const response = await fetch(`${app.running.url}${asset}`);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      expect(response.headers.get('cache-control')).toContain('immutable');
    }
    for (const path of ['/assets/nope.js', '/assets/../package.json', '/assets/%2e%2e/package.json'])
      expect((await fetch(`${app.running.url}${path}`)).status).toBe(404);
    expectProblem(await app.http.get('/no-such-page'), 404);
  });

  it('are not served with WEB_PAGES=false, and the API is unchanged', async () => {
    const bare = await startTestApp({ WEB_PAGES: 'false' });
    try {
      expectProblem(await bare.http.get('/'), 404);
      expectProblem(await bare.http.get('/console'), 404);
      expect((await bare.http.get('/api/catalog/products')).status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});
