import type { Page } from 'playwright-core';
import { eventually } from '../support/eventually.js';
import { expectStatus, ShopActions } from '../support/shop-actions.js';
import { startTestApp, TEST_ADMIN, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';
import { chromiumPages } from './support/chromium-pages.js';
import { describeWithChromium } from './support/describe-with-chromium.js';
import { signIn, signUp } from './support/storefront.actions.js';

const { describe: describeBrowser, reason } = describeWithChromium();

/** The operations console in a real Chromium, against the whole application on a real database. */
describeBrowser(`the operations console in Chromium${reason}`, () => {
  let app: TestApp;
  let shop: ShopActions;
  let admin: string;
  const pages = chromiumPages();

  beforeAll(async () => {
    // A handler that fails is parked after two quick attempts.
    app = await startTestApp({ EVENT_MAX_ATTEMPTS: '2', EVENT_RETRY_BASE_MS: '50' });
    shop = new ShopActions(app.http);
    admin = await shop.adminToken();
  });
  afterAll(async () => {
    await app?.close();
  });

  const signedInAdmin = async (path: string): Promise<Page> => {
    const { page } = await pages.open(app.running.url);
    await page.goto(path);
    await signIn(page, TEST_ADMIN.email, TEST_ADMIN.password);
    return page;
  };

  it('draws the module map: every module, in process and up, with its figures', async () => {
    const page = await signedInAdmin('/console');
    await page.getByRole('heading', { name: 'Modules' }).waitFor();
    const map = page.getByRole('img', { name: /^Module map/ });
    await map.waitFor();
    for (const module of ['catalog', 'orders', 'shipping', 'users']) {
      expect(await map.getAttribute('aria-label')).toContain(`${module} (in-process, up)`);
      const row = page.locator(`tr[data-module="${module}"]`);
      expect(await row.locator('[data-column="runs"]').textContent()).toBe('in-process');
      expect(await row.locator('[data-column="health"]').textContent()).toBe('up');
    }
    // An arrow per facade dependency and per event flow, drawn from the declarations.
    expect(await page.locator('path.arrow-calls').count()).toBe(2);
    expect(await page.locator('path.arrow-events').count()).toBe(4);
  });

  it('shows a dead letter as it appears, with its payload, and re-drives it once the cause is fixed', async () => {
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 5 });
    const page = await signedInAdmin('/console/dead-letters');
    await page.getByRole('heading', { name: 'Dead letters' }).waitFor();
    await page.getByText('No dead letters').waitFor();

    // An outage of catalog's reservations: its handler fails, twice, and parks the event.
    const outage = (sql: string) => withClient(app.database.url, (client) => client.query(sql));
    await outage('ALTER TABLE catalog.stock_reservations ADD CONSTRAINT browser_test_outage CHECK (false) NOT VALID');
    let orderId: string;
    try {
      const placed = await app.http.post(
        '/api/orders',
        { lines: [{ productId: tea.id, quantity: 2 }] },
        { token: customer.token },
      );
      expectStatus(placed, 202);
      orderId = placed.body.id;
      const letter = page.getByRole('listitem', { name: /^orders\.order-placed\.v1 .* for catalog\.reserve-stock$/ });
      await letter.waitFor({ timeout: 15_000 });
      await letter.getByText('Event payload').click();
      await letter.getByText(orderId).first().waitFor();
      expect(await letter.getByText(/browser_test_outage/).count()).toBe(1);
    } finally {
      await outage('ALTER TABLE catalog.stock_reservations DROP CONSTRAINT IF EXISTS browser_test_outage');
    }

    await page.getByRole('button', { name: 'Re-drive', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '1 dead letter re-driven.' }).waitFor();
    await page.getByText('No dead letters').waitFor();
    const confirmed = await eventually(
      () => app.http.get(`/api/orders/${orderId}`, { token: customer.token }),
      (response) => response.body.status === 'CONFIRMED',
    );
    expect(confirmed.body.status).toBe('CONFIRMED');
    expect((await app.http.get(`/api/catalog/products/${tea.id}`)).body.stock).toBe(3);
  });

  it('shows integration events live as the saga publishes them', async () => {
    const page = await signedInAdmin('/console/events');
    await page.getByText('Live: events appear as they are published').waitFor();
    const customer = await shop.registerCustomer();
    const tea = await shop.createProduct(admin, { stock: 5 });
    const placed = await app.http.post(
      '/api/orders',
      { lines: [{ productId: tea.id, quantity: 1 }] },
      { token: customer.token },
    );
    expectStatus(placed, 202);
    for (const type of [
      'tessera.orders.order-placed.v1',
      'tessera.catalog.stock-reserved.v1',
      'tessera.orders.order-confirmed.v1',
    ])
      await page.getByText(type, { exact: true }).first().waitFor({ timeout: 10_000 });
  });

  it('tells a customer it is for admins, and an admin its error messages', async () => {
    const customer = await pages.open(app.running.url);
    await signUp(customer.page, 'Curious Customer');
    await customer.page.goto('/console');
    await customer.page.getByRole('heading', { name: 'For admins only' }).waitFor();

    const page = await signedInAdmin('/console/products');
    await page.getByText('Add a product').click();
    await page.getByLabel('SKU', { exact: true }).fill('DUPLICATE-SKU');
    await page.getByLabel('Name', { exact: true }).fill('First');
    await page.getByLabel('Price', { exact: true }).fill('1.50');
    await page.getByLabel('Stock', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Add product' }).click();
    await page.getByRole('status').filter({ hasText: 'First added.' }).waitFor();
    await page.getByLabel('SKU', { exact: true }).fill('DUPLICATE-SKU');
    await page.getByLabel('Name', { exact: true }).fill('Second');
    await page.getByLabel('Price', { exact: true }).fill('2');
    await page.getByLabel('Stock', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Add product' }).click();
    await page.getByRole('alert').filter({ hasText: /SKU/ }).waitFor();
  });
});
