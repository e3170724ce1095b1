// `npm run screenshots`: starts Tessera on a throw-away database, fills it with a small shop (products, a customer's
// orders in every state, a dead letter), and photographs the storefront and the console in Chromium into
// docs/images/, for the README. Needs the build (it runs it) and Debian's chromium.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { startTessera } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/shared/config/index.js';
import { launchChromium } from '../../test/browser/support/chromium.js';
import { signIn } from '../../test/browser/support/storefront.actions.js';
import { eventually } from '../../test/support/eventually.js';
import { HttpClient } from '../../test/support/http-client.js';
import { expectStatus, SHIPPING_ADDRESS, shipmentOf, ShopActions } from '../../test/support/shop-actions.js';
import { TEST_ADMIN, TEST_SIGN_UPS } from '../../test/support/test-app.js';
import { createTestDatabase, withClient } from '../../test/support/test-database.js';
import { startTestServer } from '../../test/support/test-server.js';
import { REPOSITORY_ROOT } from '../start-command.js';

const IMAGES = `${REPOSITORY_ROOT}docs/images`;

interface OrderBody {
  readonly id: string;
  readonly status: string;
  readonly shipment: unknown;
}
const TEAS: [string, number, number, string][] = [
  ['Darjeeling First Flush', 1450, 24, 'Bright, floral black tea from the spring picking.'],
  ['Gyokuro', 2200, 8, 'Shade-grown Japanese green tea, sweet and deep.'],
  ['Earl Grey', 650, 40, 'Black tea with bergamot.'],
  ['Jasmine Pearls', 1800, 12, 'Green tea rolled by hand and scented with jasmine.'],
  ['Lapsang Souchong', 900, 0, 'Smoked over pine.'],
  ['Genmaicha', 700, 30, 'Green tea with toasted rice.'],
];

async function main(): Promise<void> {
  const server = await startTestServer();
  process.env.TESSERA_TEST_ADMIN_URL = server.adminUrl;
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: database.url,
    JWT_SECRET: randomBytes(24).toString('hex'),
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    EVENT_MAX_ATTEMPTS: '1',
    ...TEST_SIGN_UPS,
  });
  const running = await startTessera(config, pino({ level: 'silent' }));
  const browser = await launchChromium();
  try {
    const http = new HttpClient(running.url);
    const shop = new ShopActions(http);
    const admin = await shop.adminToken();
    const products: Awaited<ReturnType<ShopActions['createProduct']>>[] = [];
    for (const [name, priceCents, stock, description] of TEAS)
      products.push(await shop.createProduct(admin, { name, priceCents, stock, description }));
    const ada = await shop.registerCustomer('Ada Lovelace');
    const order = async (lines: [number, number][]) => {
      const placed = await http.post(
        '/api/orders',
        {
          lines: lines.map(([index, quantity]) => ({ productId: products[index].id, quantity })),
          shippingAddress: SHIPPING_ADDRESS,
        },
        { token: ada.token },
      );
      expectStatus(placed, 202);
      return (
        await eventually(
          () => http.get<OrderBody>(`/api/orders/${(placed.body as OrderBody).id}`, { token: ada.token }),
          (response) =>
            (response.body.status !== 'PENDING' && response.body.shipment !== null) ||
            response.body.status === 'REJECTED',
        )
      ).body.id;
    };
    const delivered = await order([
      [0, 2],
      [2, 1],
    ]);
    const shipped = await order([[1, 1]]);
    await order([[1, 50]]); // more than there is: rejected
    await order([
      [3, 1],
      [5, 2],
    ]); // confirmed, awaiting dispatch
    for (const [id, deliver] of [
      [delivered, true],
      [shipped, false],
    ] as const) {
      const shipment = await shipmentOf(http, admin, id);
      await http.post(
        `/api/admin/shipments/${shipment.id}/dispatch`,
        { carrier: 'Royal Mail', trackingNumber: `RM${randomBytes(4).toString('hex').toUpperCase()}GB` },
        { token: admin },
      );
      if (deliver) await http.post(`/api/admin/shipments/${shipment.id}/deliver`, undefined, { token: admin });
    }
    // A dead letter: catalog cannot record reservations for a moment, and gives up on one order.
    await withClient(database.url, (client) =>
      client.query('ALTER TABLE catalog.stock_reservations ADD CONSTRAINT screenshot_outage CHECK (false) NOT VALID'),
    );
    await http.post('/api/orders', { lines: [{ productId: products[2].id, quantity: 1 }] }, { token: ada.token });
    await eventually(
      () => http.get<{ items?: unknown[] }>('/api/admin/events/dead-letters', { token: admin }),
      (response) => response.body.items?.length === 1,
    );
    await withClient(database.url, (client) =>
      client.query('ALTER TABLE catalog.stock_reservations DROP CONSTRAINT screenshot_outage'),
    );

    const shoot = async (page: Page, name: string) => {
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await page.screenshot({ path: `${IMAGES}/${name}.png`, fullPage: false });
      process.stdout.write(`screenshots: docs/images/${name}.png\n`);
    };
    const desktop = await browser.newContext({ baseURL: running.url, viewport: { width: 1280, height: 820 } });
    const page = await desktop.newPage();
    await page.goto('/sign-in');
    await signIn(page, ada.email, ada.password);
    await page.getByRole('link', { name: 'My orders', exact: true }).waitFor();
    await page.goto('/');
    await page.getByRole('button', { name: 'Add to cart' }).first().waitFor();
    await shoot(page, 'storefront');
    await page.getByRole('link', { name: 'My orders', exact: true }).click();
    await page.getByText('DELIVERED', { exact: true }).first().waitFor();
    await shoot(page, 'my-orders');

    const phone = await browser.newContext({
      baseURL: running.url,
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
    });
    const mobile = await phone.newPage();
    await mobile.goto('/');
    await mobile.getByRole('button', { name: 'Add to cart' }).first().click();
    await mobile.getByRole('button', { name: 'Add to cart' }).nth(2).click();
    await mobile.goto('/cart');
    await mobile.getByRole('heading', { name: 'Your cart' }).waitFor();
    await shoot(mobile, 'cart-mobile');

    const console = await browser.newContext({ baseURL: running.url, viewport: { width: 1280, height: 900 } });
    const operator = await console.newPage();
    await operator.goto('/console');
    await signIn(operator, TEST_ADMIN.email, TEST_ADMIN.password);
    await operator.getByRole('img', { name: /^Module map/ }).waitFor();
    await shoot(operator, 'console-modules');
    await operator.goto('/console/dead-letters');
    await operator.getByRole('heading', { name: 'Dead letters' }).waitFor();
    await operator.getByText('Event payload').first().click();
    await shoot(operator, 'console-dead-letters');
    await operator.goto('/console/events');
    await operator.getByText('Live: events appear as they are published').waitFor();
    await order([[5, 1]]);
    await operator.getByText('tessera.shipping.shipment-created.v1').first().waitFor();
    await shoot(operator, 'console-events');
  } finally {
    await browser.close();
    await running.stop();
    await database.drop();
    await server.stop();
  }
}

if (process.argv[1]?.endsWith('take-screenshots.js')) await main();
