import { randomInt } from 'node:crypto';
import { freePort } from '../support/free-port.js';
import { HttpClient } from '../support/http-client.js';
import { eventually } from '../support/eventually.js';
import { ShopActions } from '../support/shop-actions.js';
import { TEST_ADMIN, TEST_JWT_SECRET, TEST_SIGN_UPS } from '../support/test-app.js';
import { expectStockHeldByConfirmedOrders } from '../support/stock-ledger.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/test-database.js';
import { TesseraProcess } from '../support/tessera-process.js';

const PRODUCTS = 5;
const INITIAL_STOCK = 60;
const CUSTOMERS = 8;

/**
 * Crash safety: orders are placed (and some cancelled) under load from this
 * process while the application is killed with SIGKILL; after a restart every
 * accepted order reaches a final state and, for every product,
 * initial stock − units held by CONFIRMED orders = current stock.
 */
describe('crash safety', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('loses no order and no stock across a SIGKILL mid-stream', async () => {
    const port = await freePort();
    const env = {
      DATABASE_URL: database.url,
      PORT: String(port),
      JWT_SECRET: TEST_JWT_SECRET,
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      LOG_LEVEL: 'warn',
      RELAY_POLL_INTERVAL_MS: '200',
      ...TEST_SIGN_UPS,
    };
    const http = new HttpClient(`http://127.0.0.1:${port}`);
    const shop = new ShopActions(http);

    const first = TesseraProcess.start('main', env);
    let second: TesseraProcess | undefined;
    try {
      await first.waitFor('Tessera is running');
      const admin = await shop.adminToken();
      const products = await Promise.all(
        Array.from({ length: PRODUCTS }, () => shop.createProduct(admin, { stock: INITIAL_STOCK })),
      );
      const customers = await Promise.all(Array.from({ length: CUSTOMERS }, () => shop.registerCustomer()));

      const accepted: { id: string; token: string }[] = [];
      let cancelled = 0;
      let refused = 0;
      let killed = false;
      const worker = async (customer: (typeof customers)[number]) => {
        while (!killed) {
          try {
            const lines = [{ productId: products[randomInt(PRODUCTS)].id, quantity: randomInt(1, 4) }];
            const response = await http.post('/api/orders', { lines }, { token: customer.token });
            if (response.status !== 202)
              throw new Error(`unexpected ${response.status}: ${JSON.stringify(response.body)}`);
            accepted.push({ id: response.body.id, token: customer.token });
            if (randomInt(4) === 0) {
              const cancel = await http.post(`/api/orders/${response.body.id}/cancel`, undefined, {
                token: customer.token,
              });
              if (cancel.status === 200) cancelled += 1;
            }
          } catch (error) {
            if (!killed) throw error;
            refused += 1; // the request in flight when the process died
          }
        }
      };
      const load = Promise.all(customers.map(worker));
      await eventually(
        async () => accepted.length,
        (n) => n >= 150,
        30_000,
        5,
      );
      first.child.kill('SIGKILL');
      killed = true;
      await load;
      const result = await first.exit();
      expect(result.signal).toBe('SIGKILL');

      second = TesseraProcess.start('main', env);
      await second.waitFor('Tessera is running');

      const statuses = await eventually(
        () =>
          Promise.all(
            accepted.map(({ id, token }) =>
              http.get(`/api/orders/${id}`, { token }).then((response) => response.body.status as string),
            ),
          ),
        (all) => all.every((status) => status !== 'PENDING'),
        30_000,
        100,
      );
      // Every order in the database, including any whose 202 was lost with the process, is final too.
      const sql = <T>(text: string) => queryRows<T>(database.url, text);
      await eventually(
        () =>
          sql<{ n: string }>(
            `SELECT (SELECT count(*) FROM orders.orders WHERE status = 'PENDING') + (SELECT count(*) FROM orders.outbox WHERE delivered_at IS NULL) + (SELECT count(*) FROM catalog.outbox WHERE delivered_at IS NULL) AS n`,
          ),
        (rows) => Number(rows[0].n) === 0,
        30_000,
        100,
      );
      await expectStockHeldByConfirmedOrders(
        database.url,
        new Map(products.map((product) => [product.id, INITIAL_STOCK])),
      );
      const deadLetters = await sql<{ n: string }>(
        'SELECT (SELECT count(*) FROM catalog.dead_letters) + (SELECT count(*) FROM orders.dead_letters) AS n',
      );
      expect(Number(deadLetters[0].n)).toBe(0);

      const count = (status: string) => statuses.filter((value) => value === status).length;
      const inDatabase = await sql<{ n: string }>('SELECT count(*) AS n FROM orders.orders');
      process.stdout.write(
        `\n  crash-safety: ${accepted.length} orders accepted with 202 before SIGKILL (${Number(inDatabase[0].n)} in the database), ` +
          `${refused} requests cut off; after restart ${count('CONFIRMED')} CONFIRMED, ${count('REJECTED')} REJECTED, ${count('CANCELLED')} CANCELLED ` +
          `(${cancelled} cancels acknowledged), 0 PENDING; ${PRODUCTS} products checked: initial ${INITIAL_STOCK} − held by CONFIRMED = current stock.\n`,
      );
    } finally {
      await first.stop('SIGKILL').catch(() => undefined);
      await second?.stop().catch(() => undefined);
    }
  }, 120_000);
});
