import { randomInt, randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { EventStreamClient } from '../support/event-stream-client.js';
import { eventually } from '../support/eventually.js';
import { HttpClient } from '../support/http-client.js';
import { expectStatus, ShopActions } from '../support/shop-actions.js';
import { queryRows, withClient } from '../support/test-database.js';
import { expectStockHeldByConfirmedOrders } from '../support/stock-ledger.js';
import { BROKER_URL, describeWithBroker } from './support/broker.js';
import { Deployment } from './support/deployment.js';
import { TcpProxy } from './support/tcp-proxy.js';

/**
 * Design for failure, on real processes: a remote module killed mid-load, the
 * broker taken away mid-load, and a message that can never be handled.
 */
const { describe: describeFailures, reason } = await describeWithBroker();

const FINAL = ['CONFIRMED', 'REJECTED', 'CANCELLED'];

interface Accepted {
  readonly id: string;
  readonly token: string;
}

/** Keeps placing single-line orders until stopped; records what was accepted and what was refused how. */
function orderLoad(http: HttpClient, customers: { token: string }[], productIds: string[]) {
  const accepted: Accepted[] = [];
  const refusals: { status: number; ms: number; code?: string }[] = [];
  let running = true;
  const done = Promise.all(
    customers.map(async (customer) => {
      while (running) {
        const started = performance.now();
        const response = await http.post(
          '/api/orders',
          { lines: [{ productId: productIds[randomInt(productIds.length)], quantity: 1 }] },
          { token: customer.token },
        );
        if (response.status === 202) accepted.push({ id: response.body.id, token: customer.token });
        else refusals.push({ status: response.status, ms: performance.now() - started, code: response.body?.code });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }),
  );
  return {
    accepted,
    refusals,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** A shop on the deployment: an admin's products with `stock` units each, and customers to order them. */
async function stockedShop(deployment: Deployment, stock: number) {
  const http = new HttpClient(deployment.baseUrl);
  const shop = new ShopActions(http);
  const admin = await shop.adminToken();
  const products = await Promise.all(Array.from({ length: 3 }, () => shop.createProduct(admin, { stock })));
  const customers = await Promise.all(Array.from({ length: 4 }, () => shop.registerCustomer()));
  return { http, products, customers };
}

async function expectEverythingSettled(
  deployment: Deployment,
  http: HttpClient,
  accepted: Accepted[],
  initialStock: Map<string, number>,
): Promise<Record<string, number>> {
  const statuses = await eventually(
    () =>
      Promise.all(
        accepted.map(({ id, token }) =>
          http.get(`/api/orders/${id}`, { token }).then((response) => response.body.status as string),
        ),
      ),
    (all) => all.every((status) => FINAL.includes(status)),
    60_000,
    200,
  );
  const sql = <T>(text: string) => queryRows<T>(deployment.database.url, text);
  await expectStockHeldByConfirmedOrders(deployment.database.url, initialStock);
  // Applied once: one reservation per order, at most one outcome event per order.
  const reservations = await sql<{ n: string }>('SELECT count(*) AS n FROM catalog.stock_reservations');
  const orders = await sql<{ n: string }>('SELECT count(*) AS n FROM orders.orders');
  expect(Number(reservations[0].n)).toBe(Number(orders[0].n));
  const twice = await sql(
    `SELECT aggregate_id FROM orders.outbox WHERE type IN ('orders.order-confirmed.v1', 'orders.order-rejected.v1') GROUP BY aggregate_id HAVING count(*) > 1`,
  );
  expect(twice).toEqual([]);
  return Object.fromEntries(FINAL.map((status) => [status, statuses.filter((value) => value === status).length]));
}

describeFailures(`failures across processes${reason}`, () => {
  it('reports processes given different SERVICE_TOKENs in /health and answers 502, not a customer error', async () => {
    const deployment = await Deployment.start({ kind: 'mini', extracted: 'catalog' });
    try {
      await deployment.kill('catalog');
      await deployment.startProcess('catalog', { SERVICE_TOKEN: `another-${'x'.repeat(40)}` });
      const http = new HttpClient(deployment.baseUrl);
      const shop = new ShopActions(http);
      const customer = await shop.registerCustomer();
      const product = await http.get('/api/catalog/products?limit=1'); // public routes still work through the proxy
      expect(product.status).toBe(200);
      const refused = await http.post(
        '/api/orders',
        { lines: [{ productId: randomUUID(), quantity: 1 }] },
        { token: customer.token },
      );
      expect(refused.status).toBe(502);
      expect(refused.body.code).toBe('remote-module-refused');
      expect(refused.body.detail).toContain('SERVICE_TOKEN');
      const health = await http.get('/health');
      expect(health.status).toBe(503);
      expect(health.body.dependencies['module:catalog'].error).toContain('refuses our service credentials');
    } finally {
      await deployment.stop();
    }
  }, 90_000);

  it('stops the gateway at once on SIGTERM while clients hold event streams, its own and passed-on ones', async () => {
    // Orders runs alone: its stream reaches clients through the gateway's proxy; the events stream is the gateway's.
    const deployment = await Deployment.start({ kind: 'mini', extracted: 'orders' });
    try {
      const http = new HttpClient(deployment.baseUrl);
      const shop = new ShopActions(http);
      const admin = await shop.adminToken();
      const customer = await shop.registerCustomer();
      const streams = [
        await EventStreamClient.open(`${deployment.baseUrl}/api/orders/updates`, {
          authorization: `Bearer ${customer.token}`,
        }),
        await EventStreamClient.open(`${deployment.baseUrl}/api/admin/events/stream`, {
          authorization: `Bearer ${admin}`,
        }),
      ];
      await streams[0].next(() => true);
      const started = performance.now();
      const exit = await deployment.processes.get('main')!.stop('SIGTERM');
      const stopMs = performance.now() - started;
      await Promise.all(streams.map((stream) => stream.ended()));
      expect({ code: exit.code, prompt: stopMs < 5_000 }).toEqual({ code: 0, prompt: true });
      deployment.processes.delete('main');
    } finally {
      await deployment.stop();
    }
  }, 90_000);

  it('answers a fast 503 while a remote module is down, recovers when it returns, and loses no order', async () => {
    const deployment = await Deployment.start(
      { kind: 'mini', extracted: 'catalog' },
      { REMOTE_TIMEOUT_MS: '2000', BREAKER_FAILURE_THRESHOLD: '3', BREAKER_RESET_MS: '1000' },
    );
    try {
      const { http, products, customers } = await stockedShop(deployment, 400);

      // The correlation id of a request travels through the proxy, the facade call and the broker.
      const traced = await http.post(
        '/api/orders',
        { lines: [{ productId: products[0].id, quantity: 1 }] },
        { token: customers[0].token, headers: { 'x-correlation-id': 'across-processes-1' } },
      );
      expectStatus(traced, 202);
      await eventually(
        () => http.get(`/api/orders/${traced.body.id}`, { token: customers[0].token }),
        (r) => r.body.status === 'CONFIRMED',
      );
      const correlated = await withClient(deployment.database.url, (client) =>
        client.query(`SELECT type FROM catalog.outbox WHERE correlation_id = 'across-processes-1'`),
      );
      expect(correlated.rows.map((row) => row.type)).toEqual(['catalog.stock-reserved.v1']);

      const load = orderLoad(
        http,
        customers,
        products.map((product) => product.id),
      );
      await eventually(
        async () => load.accepted.length,
        (n) => n >= 40,
        30_000,
        10,
      );
      await deployment.kill('catalog');
      const acceptedAtKill = load.accepted.length;

      // While catalog is away: placing orders needs its prices, so they are refused fast with 503.
      await eventually(
        async () => load.refusals.length,
        (n) => n >= 20,
        30_000,
        10,
      );
      const breakerOpen = await eventually(
        () => http.get('/metrics').then((r) => r.body as string),
        (text) => /tessera_circuit_breaker_state\{module="catalog"\} 2/.test(text),
        10_000,
      );
      expect(breakerOpen).toMatch(
        /tessera_remote_call_errors_total\{module="catalog",reason="(network|breaker-open)"\} [1-9]/,
      );
      const proxied = await http.get(`/api/catalog/products/${products[0].id}`);
      expect(proxied.status).toBe(503);
      expect(proxied.headers.get('content-type')).toContain('application/problem+json');
      const health = await http.get('/health');
      expect(health.status).toBe(503);
      expect(health.body.dependencies['module:catalog'].status).toBe('down');
      // Said in a phrase: the public page does not give the module's address away.
      expect(health.body.dependencies['module:catalog'].error).toBe('connection refused');
      expect(JSON.stringify(health.body)).not.toContain(new URL(deployment.urlOf('catalog')).host);
      // The process itself is fine: its local health (what an orchestrator should restart on) stays 200.
      const local = await http.get('/health/local');
      expect(local.status).toBe(200);
      expect(Object.keys(local.body.dependencies)).toEqual(
        expect.arrayContaining(['database:users', 'database:orders']),
      );
      expect(Object.keys(local.body.dependencies)).not.toContain('module:catalog');
      expect(new Set(load.refusals.map((refusal) => refusal.status))).toEqual(new Set([503]));
      // Once the breaker is open, callers do not wait for timeouts: a refusal that had waited for one would take 2 s or more.
      await eventually(
        () => http.get('/metrics').then((r) => r.body as string),
        (text) => /tessera_remote_call_errors_total\{module="catalog",reason="breaker-open"\} [1-9]/.test(text),
        10_000,
      );
      const fastOnes = load.refusals.slice(-10);
      expect(Math.max(...fastOnes.map((refusal) => refusal.ms))).toBeLessThan(1_000);

      await deployment.startProcess('catalog');
      await eventually(
        async () => load.accepted.length,
        (n) => n >= acceptedAtKill + 40,
        30_000,
        20,
      );
      await load.stop();
      expectStatus(await http.get(`/api/catalog/products/${products[0].id}`), 200);

      const counts = await expectEverythingSettled(
        deployment,
        http,
        [...load.accepted, { id: traced.body.id, token: customers[0].token }],
        new Map(products.map((product) => [product.id, 400])),
      );
      process.stdout.write(
        `\n  remote-down: ${load.accepted.length} orders accepted (${acceptedAtKill} before catalog was killed), ${load.refusals.length} refused with 503 ` +
          `(slowest of the last ten ${Math.round(Math.max(...fastOnes.map((r) => r.ms)))} ms); after restart ${JSON.stringify(counts)}.\n`,
      );
    } finally {
      await deployment.stop();
    }
  }, 180_000);

  it('answers within its time-out while a remote module hangs, then at once, and recovers when it resumes', async () => {
    // A hung process is worse than a dead one: connections are accepted and nothing ever answers.
    const timeoutMs = 800;
    const proxyTimeoutMs = 1_500;
    const deployment = await Deployment.start(
      { kind: 'mini', extracted: 'catalog' },
      {
        REMOTE_TIMEOUT_MS: String(timeoutMs),
        REMOTE_RETRIES: '2',
        PROXY_TIMEOUT_MS: String(proxyTimeoutMs),
        BREAKER_FAILURE_THRESHOLD: '3',
        BREAKER_RESET_MS: '1000',
      },
    );
    try {
      const { http, products, customers } = await stockedShop(deployment, 400);

      const load = orderLoad(
        http,
        customers,
        products.map((product) => product.id),
      );
      await eventually(
        async () => load.accepted.length,
        (n) => n >= 30,
        30_000,
        10,
      );
      deployment.pause('catalog');
      const acceptedAtPause = load.accepted.length;
      // Sent before the breaker has opened, so the proxy's own time-out is what ends it.
      const proxiedStarted = performance.now();
      const proxying = http
        .get(`/api/catalog/products/${products[0].id}`)
        .then((response) => ({ response, ms: performance.now() - proxiedStarted }));

      await eventually(
        async () => load.refusals.length,
        (n) => n >= 30,
        30_000,
        10,
      );
      expect(new Set(load.refusals.map((refusal) => refusal.status))).toEqual(new Set([503]));
      // No caller waits longer than the time-out of its attempts (three at most, with their back-off) …
      const slowest = Math.max(...load.refusals.map((refusal) => refusal.ms));
      expect(slowest).toBeLessThan(3 * timeoutMs + 1_000);
      // … and once the breaker has opened, most are refused without waiting at all (only the breaker's trial calls wait).
      const immediate = load.refusals.filter((refusal) => refusal.ms < timeoutMs / 2).length;
      expect(immediate).toBeGreaterThan(load.refusals.length / 2);
      const { response: proxied, ms: proxiedMs } = await proxying;
      const metrics = (await http.get('/metrics')).body as string;
      expect(metrics).toMatch(/tessera_remote_call_errors_total\{module="catalog",reason="timeout"\} [1-9]/);
      expect(metrics).toMatch(/tessera_remote_call_errors_total\{module="catalog",reason="breaker-open"\} [1-9]/);

      // The strangler proxy and the health check do not hang either.
      expect(proxied.status).toBe(503);
      expect(proxiedMs).toBeLessThan(proxyTimeoutMs + 1_000);
      const started = performance.now();
      const health = await http.get('/health');
      expect(health.status).toBe(503);
      expect(health.body.dependencies['module:catalog']).toMatchObject({
        status: 'down',
        error: 'no answer within 1500 ms',
      });
      expect(performance.now() - started).toBeLessThan(5_000);

      deployment.resume('catalog');
      await eventually(
        async () => load.accepted.length,
        (n) => n >= acceptedAtPause + 30,
        30_000,
        20,
      );
      await load.stop();
      expectStatus(await http.get(`/api/catalog/products/${products[0].id}`), 200);
      const counts = await expectEverythingSettled(
        deployment,
        http,
        load.accepted,
        new Map(products.map((product) => [product.id, 400])),
      );
      const waited = load.refusals.filter((refusal) => refusal.ms >= timeoutMs / 2).length;
      process.stdout.write(
        `\n  remote-hung: ${load.accepted.length} orders accepted (${acceptedAtPause} before catalog froze), ${load.refusals.length} refused with 503 ` +
          `(${waited} waited for a time-out, the proxied read ${Math.round(proxiedMs)} ms, slowest ${Math.round(Math.max(...load.refusals.map((refusal) => refusal.ms)))} ms); after it resumed ${JSON.stringify(counts)}.\n`,
      );
    } finally {
      await deployment.stop();
    }
  }, 180_000);

  it('keeps accepting orders while the broker is away, and applies every event once when it returns', async () => {
    const target = new URL(BROKER_URL);
    const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5672) });
    const viaProxy = new URL(BROKER_URL);
    viaProxy.port = String(proxy.port);
    const deployment = await Deployment.start(
      { kind: 'mini', extracted: 'catalog' },
      { BROKER_URL: viaProxy.toString() },
    );
    try {
      const { http, products, customers } = await stockedShop(deployment, 300);

      const load = orderLoad(
        http,
        customers,
        products.map((product) => product.id),
      );
      await eventually(
        async () => load.accepted.length,
        (n) => n >= 30,
        30_000,
        10,
      );
      await proxy.pause();
      const acceptedWhenDown = load.accepted.length;
      await eventually(
        async () => load.accepted.length,
        (n) => n >= acceptedWhenDown + 30,
        30_000,
        10,
      );
      // Work is accepted, but nothing crosses processes: the outbox holds the events.
      const backlog = await withClient(deployment.database.url, (client) =>
        client.query(`SELECT count(*)::int AS n FROM orders.outbox WHERE delivered_at IS NULL`),
      );
      expect(backlog.rows[0].n).toBeGreaterThan(0);
      expect((await http.get('/health')).body.dependencies.broker.status).toBe('down');
      expect(load.refusals).toEqual([]);

      await proxy.resume();
      await eventually(
        async () => load.accepted.length,
        (n) => n >= acceptedWhenDown + 60,
        30_000,
        10,
      );
      await load.stop();
      const counts = await expectEverythingSettled(
        deployment,
        http,
        load.accepted,
        new Map(products.map((product) => [product.id, 300])),
      );
      await eventually(
        () => http.get('/health'),
        (r) => r.body.dependencies.broker.status === 'up',
      );
      process.stdout.write(
        `\n  broker-down: ${load.accepted.length} orders accepted (${load.accepted.length - acceptedWhenDown} after the broker went away), 0 refused; after it returned ${JSON.stringify(counts)}.\n`,
      );
    } finally {
      await deployment.stop();
      await proxy.stop();
    }
  }, 180_000);

  it('moves a message that can never be handled to the dead-letter queue, and shows it as a dead letter through the one base URL', async () => {
    const deployment = await Deployment.start({ kind: 'mini', extracted: 'catalog' });
    try {
      const connection = await connect(BROKER_URL);
      const channel = await connection.createConfirmChannel();
      const envelope = {
        id: randomUUID(),
        type: 'orders.order-placed.v1',
        occurredAt: new Date().toISOString(),
        aggregateId: randomUUID(),
        correlationId: randomUUID(),
        causationId: null,
        payload: { orderId: 'not-a-uuid', lines: [] },
      };
      channel.publish(`${deployment.namespace}.events`, envelope.type, Buffer.from(JSON.stringify(envelope)), {
        persistent: true,
      });
      channel.publish(
        `${deployment.namespace}.events`,
        'orders.order-placed.v1',
        Buffer.from('this is not an envelope'),
        { persistent: true },
      );
      await channel.waitForConfirms();
      const deadLetterQueue = `${deployment.namespace}.catalog.dead-letters`;
      await eventually(
        () => channel.checkQueue(deadLetterQueue),
        (queue) => queue.messageCount === 2,
        15_000,
      );

      const main = new HttpClient(deployment.baseUrl);
      const admin = await new ShopActions(main).adminToken();
      // The process hosting catalog parks it; the base URL (main, which hosts no catalog) lists it too.
      for (const http of [new HttpClient(deployment.urlOf('catalog')), main]) {
        const letters = await http.get('/api/admin/events/dead-letters', { token: admin });
        expect(letters.body.unavailable).toEqual([]);
        const letter = letters.body.items.find((item: { eventId: string }) => item.eventId === envelope.id);
        expect(letter).toMatchObject({
          module: 'catalog',
          handler: 'catalog.reserve-stock',
          type: 'orders.order-placed.v1',
          attempts: 1,
        });
        expect(letter.error).toContain('orderId must be a UUID');
      }
      const letter = (await main.get('/api/admin/events/dead-letters', { token: admin })).body.items.find(
        (item: { eventId: string }) => item.eventId === envelope.id,
      );
      // Re-driven through main, it runs in catalog's process, and fails there again: the same 409 as where it lives.
      const redrive = await main.post(`/api/admin/events/dead-letters/${letter.id}/redrive`, undefined, {
        token: admin,
      });
      expect({ status: redrive.status, code: redrive.body.code }).toEqual({
        status: 409,
        code: 'events.redrive-failed',
      });
      expect(redrive.body.detail).toContain('orderId must be a UUID');
      expect(
        (await main.post(`/api/admin/events/dead-letters/${randomUUID()}/redrive`, undefined, { token: admin })).status,
      ).toBe(404);
      // Nothing of it is reachable without the admin role, nor the service endpoint through the base URL.
      expect((await main.get('/api/admin/events/dead-letters')).status).toBe(401);
      expect((await main.get('/internal/events/dead-letters', { token: admin })).status).toBe(401);
      // The process consuming for catalog reports its queues, dead letters included.
      const metrics = await new HttpClient(deployment.urlOf('catalog')).get('/metrics');
      expect(metrics.body).toContain(`tessera_broker_queue_messages{queue="${deadLetterQueue}"} 2`);
      expect(metrics.body).toMatch(
        new RegExp(`tessera_broker_queue_messages\\{queue="${deployment.namespace}\\.catalog"\\} 0`),
      );
      await channel.purgeQueue(deadLetterQueue);
      await connection.close();

      // With catalog's process gone, main still answers: its own dead letters, and catalog named as unavailable.
      await deployment.kill('catalog');
      const partial = await main.get('/api/admin/events/dead-letters', { token: admin });
      expect({ status: partial.status, unavailable: partial.body.unavailable }).toEqual({
        status: 200,
        unavailable: ['catalog'],
      });
      expect(partial.body.items.some((item: { eventId: string }) => item.eventId === envelope.id)).toBe(false);
      const unreachable = await main.post(`/api/admin/events/dead-letters/${letter.id}/redrive`, undefined, {
        token: admin,
      });
      expect({ status: unreachable.status, retryAfter: unreachable.headers.get('retry-after') !== null }).toEqual({
        status: 503,
        retryAfter: true,
      });
    } finally {
      await deployment.stop();
    }
  }, 90_000);
});
