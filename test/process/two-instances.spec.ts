import { randomInt } from 'node:crypto';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/free-port.js';
import { HttpClient } from '../support/http-client.js';
import { ShopActions } from '../support/shop-actions.js';
import { TEST_ADMIN, TEST_JWT_SECRET, TEST_SIGN_UPS } from '../support/test-app.js';
import { expectStockHeldByConfirmedOrders } from '../support/stock-ledger.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/test-database.js';
import { TesseraProcess } from '../support/tessera-process.js';
import { undeliveredEvents } from '../support/undelivered-events.js';

const PRODUCTS = 4;
const INITIAL_STOCK = 1_000;
const CUSTOMERS = 8;
const ORDERS = 240;

/** The sum of one counter's samples whose labels contain every given `name="value"` pair. */
function counter(metrics: string, name: string, labels: readonly string[]): number {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && labels.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/**
 * Two instances of the whole application on one database, as a horizontally scaled deployment runs
 * them: both take orders, both relays claim from the same outboxes and both handle what they claim.
 * Under load, no event may be lost (every order ends final, no outbox row left undelivered) and none
 * handled twice (one inbox row per event and handler, and one "handled" outcome per inbox row across
 * both processes' metrics), and stock must add up exactly.
 */
describe('two instances on one database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('relay and handle under load with no event lost or handled twice', async () => {
    const ports = [await freePort(), await freePort()];
    const env = (port: number) => ({
      DATABASE_URL: database.url,
      PORT: String(port),
      JWT_SECRET: TEST_JWT_SECRET,
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      LOG_LEVEL: 'warn',
      // Each relay learns of the other instance's rows only by polling: keep that short here.
      RELAY_POLL_INTERVAL_MS: '100',
      ...TEST_SIGN_UPS,
    });
    const clients = ports.map((port) => new HttpClient(`http://127.0.0.1:${port}`));
    const instances: TesseraProcess[] = [];
    try {
      // One after the other, so the second finds the schema migrated by the first.
      for (const port of ports) {
        const instance = TesseraProcess.start('main', env(port));
        instances.push(instance);
        await instance.waitFor('Tessera is running');
      }
      const shop = new ShopActions(clients[0]);
      const admin = await shop.adminToken();
      const products = await Promise.all(
        Array.from({ length: PRODUCTS }, () => shop.createProduct(admin, { stock: INITIAL_STOCK })),
      );
      const customers = await Promise.all(Array.from({ length: CUSTOMERS }, () => shop.registerCustomer()));

      // Every customer alternates between the instances, cancelling about one order in five at once,
      // so that a reservation and its cancel are often handled by different processes.
      const placed: { id: string; token: string }[] = [];
      let cancelled = 0;
      const worker = async (customer: (typeof customers)[number], index: number) => {
        for (let n = 0; placed.length < ORDERS; n += 1) {
          const http = clients[(index + n) % 2];
          const lines = [{ productId: products[randomInt(PRODUCTS)].id, quantity: randomInt(1, 4) }];
          const response = await http.post('/api/orders', { lines }, { token: customer.token });
          expect(response.status).toBe(202);
          placed.push({ id: response.body.id, token: customer.token });
          if (randomInt(5) === 0) {
            const cancel = await clients[(index + n + 1) % 2].post(
              `/api/orders/${response.body.id}/cancel`,
              undefined,
              {
                token: customer.token,
              },
            );
            expect([200, 409]).toContain(cancel.status);
            if (cancel.status === 200) cancelled += 1;
          }
        }
      };
      await Promise.all(customers.map(worker));

      await eventually(
        () => undeliveredEvents(database.url),
        (n) => n === 0,
        30_000,
        100,
      );
      const sql = <T>(text: string) => queryRows<T>(database.url, text);
      const statuses = await eventually(
        () => sql<{ status: string; n: string }>('SELECT status, count(*) AS n FROM orders.orders GROUP BY status'),
        (rows) => !rows.some((row) => row.status === 'PENDING'),
        30_000,
        100,
      );
      const byStatus = Object.fromEntries(statuses.map((row) => [row.status, Number(row.n)]));
      expect(Object.values(byStatus).reduce((a, b) => a + b, 0)).toBe(placed.length);
      expect(byStatus.CANCELLED ?? 0).toBe(cancelled);

      // No event lost: every published event has exactly one inbox row for each handler subscribed to it.
      const pairs = [
        ['catalog', 'catalog.reserve-stock', 'orders', 'orders.order-placed.v1'],
        ['catalog', 'catalog.release-stock', 'orders', 'orders.order-cancelled.v1'],
        ['orders', 'orders.confirm-order', 'catalog', 'catalog.stock-reserved.v1'],
      ] as const;
      const handledInInbox: Record<string, number> = {};
      for (const [consumer, handler, publisher, type] of pairs) {
        const [row] = await sql<{ events: string; inbox: string; matched: string }>(`
          SELECT (SELECT count(*) FROM ${publisher}.outbox WHERE type = '${type}') AS events,
                 (SELECT count(*) FROM ${consumer}.inbox WHERE handler = '${handler}') AS inbox,
                 (SELECT count(*) FROM ${consumer}.inbox i JOIN ${publisher}.outbox o ON o.id = i.event_id
                   WHERE i.handler = '${handler}' AND o.type = '${type}') AS matched`);
        expect({ handler, inbox: Number(row.inbox), matched: Number(row.matched) }).toEqual({
          handler,
          inbox: Number(row.events),
          matched: Number(row.events),
        });
        handledInInbox[handler] = Number(row.inbox);
      }
      expect(handledInInbox['catalog.reserve-stock']).toBe(placed.length);

      // None handled twice, and both instances did the work: the handled outcomes of the two
      // processes add up to the inbox rows, and each process relayed and handled some.
      const metrics = await Promise.all(clients.map((http) => http.get<string>('/metrics').then((r) => r.body)));
      for (const [, handler] of pairs) {
        const perProcess = metrics.map((text) =>
          counter(text, 'tessera_events_handled_total', [`handler="${handler}"`, 'outcome="handled"']),
        );
        expect({ handler, handled: perProcess[0] + perProcess[1] }).toEqual({
          handler,
          handled: handledInInbox[handler],
        });
      }
      const delivered = metrics.map((text) => counter(text, 'tessera_events_delivered_total', []));
      const reserved = metrics.map((text) =>
        counter(text, 'tessera_events_handled_total', ['handler="catalog.reserve-stock"', 'outcome="handled"']),
      );
      expect(delivered.every((n) => n > 0)).toBe(true);
      expect(reserved.every((n) => n > 0)).toBe(true);

      // Stock exact: what each product lost is what its CONFIRMED orders hold.
      await expectStockHeldByConfirmedOrders(
        database.url,
        new Map(products.map((product) => [product.id, INITIAL_STOCK])),
      );
      const [deadLetters] = await sql<{ n: string }>(
        'SELECT (SELECT count(*) FROM catalog.dead_letters) + (SELECT count(*) FROM orders.dead_letters) AS n',
      );
      expect(Number(deadLetters.n)).toBe(0);

      process.stdout.write(
        `\n  two instances: ${placed.length} orders (${byStatus.CONFIRMED ?? 0} CONFIRMED, ${byStatus.CANCELLED ?? 0} CANCELLED, ` +
          `${byStatus.REJECTED ?? 0} REJECTED); events relayed per instance ${delivered.join(' / ')}, ` +
          `reservations handled per instance ${reserved.join(' / ')}; 0 undelivered, 0 handled twice, stock exact.\n`,
      );
    } finally {
      await Promise.all(instances.map((instance) => instance.stop().catch(() => undefined)));
    }
  }, 120_000);
});
