import { describeWithBroker } from '../topologies/support/broker.js';
import { Deployment } from '../topologies/support/deployment.js';
import { ShopActions } from '../support/shop-actions.js';
import { TEST_ADMIN } from '../support/test-app.js';
import { HttpClient } from '../support/http-client.js';
import { chromiumPages } from './support/chromium-pages.js';
import { describeWithChromium } from './support/describe-with-chromium.js';
import { checkOut, signIn, signUp } from './support/storefront.actions.js';

const chromium = describeWithChromium();
const broker = await describeWithBroker();
const describeBoth = chromium.reason || broker.reason ? describe.skip : describe;

/** The pages served by the gateway of a split deployment: catalog in its own process, events through RabbitMQ. */
describeBoth(`the pages of the mini topology in Chromium${chromium.reason}${broker.reason}`, () => {
  let deployment: Deployment;
  const pages = chromiumPages();

  beforeAll(async () => {
    deployment = await Deployment.start({ kind: 'mini', extracted: 'catalog' });
  }, 90_000);
  afterAll(async () => {
    await deployment?.stop();
  });

  it('shows catalog as remote on the module map, up, at the URL the gateway reaches it', async () => {
    const { page } = await pages.open(deployment.baseUrl);
    await page.goto('/console');
    await signIn(page, TEST_ADMIN.email, TEST_ADMIN.password);
    const catalog = page.locator('tr[data-module="catalog"]');
    await catalog.waitFor();
    expect(await catalog.locator('[data-column="runs"]').textContent()).toMatch(/^remotehttp:\/\/127\.0\.0\.1:\d+$/);
    expect(await catalog.locator('[data-column="health"]').textContent()).toBe('up');
    for (const module of ['orders', 'shipping', 'users'])
      expect(await page.locator(`tr[data-module="${module}"] [data-column="runs"]`).textContent()).toBe('in-process');
    expect(await page.getByRole('img', { name: /^Module map/ }).getAttribute('aria-label')).toContain(
      'catalog (remote, up)',
    );
  });

  it('confirms an order placed in the storefront, its stock reserved in the other process', async () => {
    const http = new HttpClient(deployment.baseUrl);
    const shop = new ShopActions(http);
    await shop.createProduct(await shop.adminToken(), { name: `Split Tea ${Date.now()}`, stock: 2 });
    const { page } = await pages.open(deployment.baseUrl);
    await signUp(page);
    await page.getByRole('link', { name: 'Products' }).click();
    await page.getByRole('button', { name: 'Add to cart' }).first().click();
    await checkOut(page);
    await page.getByText('CONFIRMED', { exact: true }).waitFor({ timeout: 20_000 });
  });
});
