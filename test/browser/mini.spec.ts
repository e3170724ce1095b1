import type { Browser } from 'playwright-core';
import { describeWithBroker } from '../topologies/support/broker.js';
import { Deployment } from '../topologies/support/deployment.js';
import { ShopActions } from '../support/shop-actions.js';
import { TEST_ADMIN } from '../support/test-app.js';
import { HttpClient } from '../support/http-client.js';
import { launchChromium, openPage, type Watched } from './support/chromium.js';
import { describeWithChromium } from './support/describe-with-chromium.js';
import { checkOut, signIn, signUp } from './support/storefront.actions.js';

const chromium = describeWithChromium();
const broker = await describeWithBroker();
const describeBoth = chromium.reason || broker.reason ? describe.skip : describe;

/** The pages served by the gateway of a split deployment: catalog in its own process, events through RabbitMQ. */
describeBoth(`the pages of the mini topology in Chromium${chromium.reason}${broker.reason}`, () => {
  let deployment: Deployment;
  let browser: Browser;
  let open: Watched | undefined;

  beforeAll(async () => {
    deployment = await Deployment.start({ kind: 'mini', extracted: 'catalog' });
    browser = await launchChromium();
  }, 90_000);
  afterEach(async () => {
    const errors = open?.pageErrors ?? [];
    await open?.context.close();
    open = undefined;
    expect(errors).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await deployment?.stop();
  });

  it('shows catalog as remote on the module map, up, at the URL the gateway reaches it', async () => {
    open = await openPage(browser, deployment.baseUrl);
    await open.page.goto('/console');
    await signIn(open.page, TEST_ADMIN.email, TEST_ADMIN.password);
    const catalog = open.page.locator('tr[data-module="catalog"]');
    await catalog.waitFor();
    expect(await catalog.locator('[data-column="runs"]').textContent()).toMatch(/^remotehttp:\/\/127\.0\.0\.1:\d+$/);
    expect(await catalog.locator('[data-column="health"]').textContent()).toBe('up');
    for (const module of ['orders', 'shipping', 'users'])
      expect(await open.page.locator(`tr[data-module="${module}"] [data-column="runs"]`).textContent()).toBe(
        'in-process',
      );
    expect(await open.page.getByRole('img', { name: /^Module map/ }).getAttribute('aria-label')).toContain(
      'catalog (remote, up)',
    );
  });

  it('confirms an order placed in the storefront, its stock reserved in the other process', async () => {
    const http = new HttpClient(deployment.baseUrl);
    const shop = new ShopActions(http);
    await shop.createProduct(await shop.adminToken(), { name: `Split Tea ${Date.now()}`, stock: 2 });
    open = await openPage(browser, deployment.baseUrl);
    await signUp(open.page);
    await open.page.getByRole('link', { name: 'Products' }).click();
    await open.page.getByRole('button', { name: 'Add to cart' }).first().click();
    await checkOut(open.page);
    await open.page.getByText('CONFIRMED', { exact: true }).waitFor({ timeout: 20_000 });
  });
});
