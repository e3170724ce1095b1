import { expectStatus, shipmentOf, ShopActions } from '../support/shop-actions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { chromiumPages } from './support/chromium-pages.js';
import { describeWithChromium } from './support/describe-with-chromium.js';
import { checkOut, signIn, signUp } from './support/storefront.actions.js';

const { describe: describeBrowser, reason } = describeWithChromium();

/** The storefront in a real Chromium, against the whole application on a real database. */
describeBrowser(`the storefront in Chromium${reason}`, () => {
  let app: TestApp;
  let shop: ShopActions;
  let admin: string;
  const pages = chromiumPages();

  beforeAll(async () => {
    app = await startTestApp();
    shop = new ShopActions(app.http);
    admin = await shop.adminToken();
  });
  afterAll(async () => {
    await app?.close();
  });

  const visit = (viewport?: { width: number; height: number }) => pages.open(app.running.url, viewport);

  it('signs up, searches, fills a cart, and sees the order confirmed and then shipped without reloading', async () => {
    const name = `Browser Tea ${Date.now()}`;
    const tea = await shop.createProduct(admin, { name, stock: 5, priceCents: 450 });
    const { page, requests } = await visit();
    await signUp(page);

    await page.getByRole('link', { name: 'Products' }).click();
    await page.getByLabel('Search products').fill(name);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\?q=/);
    const cards = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });
    await cards.getByText('5 in stock').waitFor();
    expect(await page.getByRole('button', { name: 'Add to cart' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${name} added to your cart.` })
      .waitFor();
    await page.getByRole('link', { name: /^Cart 1$/ }).waitFor();

    const orderId = await checkOut(page);
    await page.getByText('CONFIRMED', { exact: true }).waitFor({ timeout: 15_000 });
    // From here on the page is not reloaded, and asks the server nothing about the order: changes are pushed.
    // Expressions as text: they run in the page, whose globals (window, document) the test's types do not know.
    await page.evaluate("window.marker = 'no reload'");
    const askedBefore = requests.length;
    const shipment = await shipmentOf(app.http, admin, orderId);
    expectStatus(
      await app.http.post(
        `/api/admin/shipments/${shipment.id}/dispatch`,
        { carrier: 'Royal Mail', trackingNumber: 'RM123456789GB' },
        { token: admin },
      ),
      200,
    );
    await page.getByText('SHIPPED', { exact: true }).waitFor({ timeout: 10_000 });
    await page.getByText(/tracking RM123456789GB/).waitFor();
    expect(await page.evaluate('window.marker')).toBe('no reload');
    expect(requests.slice(askedBefore).filter((request) => /^GET \/api\/orders/.test(request))).toEqual([]);

    await page.getByRole('link', { name: 'My orders', exact: true }).click();
    const card = page.getByRole('article', { name: `Order ${orderId.slice(-8)}` });
    await card.getByText('SHIPPED', { exact: true }).waitFor();
    expect(await card.getByText(`1 × ${name}`).count()).toBe(1);
    expect((await app.http.get(`/api/catalog/products/${tea.id}`)).body.stock).toBe(4);
  });

  it('signs out and in again, and shows an API error as the message it carries', async () => {
    const { page, context } = await visit();
    const customer = await signUp(page);
    await page.getByRole('button', { name: /^Sign out/ }).click();
    await page.getByRole('link', { name: 'Sign in', exact: true }).click();
    await signIn(page, customer.email, 'not the password');
    await page.getByRole('alert').filter({ hasText: 'The email address or password is wrong.' }).waitFor();
    await signIn(page, customer.email, customer.password);
    await page.getByRole('link', { name: 'My orders', exact: true }).waitFor();
    // The session lives in cookies no script can read.
    expect(await page.evaluate('document.cookie')).toBe('');
    const cookies = await context.cookies();
    expect(cookies.map((cookie) => [cookie.name, cookie.httpOnly, cookie.sameSite]).sort()).toEqual([
      ['tessera_access', true, 'Strict'],
      ['tessera_refresh', true, 'Strict'],
    ]);
  });

  it('renders a product named as markup as text, running nothing', async () => {
    const name = '<img src=x onerror=alert(1)>';
    const product = await shop.createProduct(admin, { name, stock: 1 });
    const { page, dialogs } = await visit();
    await page.goto(`/?q=${encodeURIComponent('<img src=x')}`);
    await page.getByRole('heading', { name }).first().waitFor();
    await page.goto(`/products/${product.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('works 375 px wide, by keyboard, with its landmarks and labels', async () => {
    await shop.createProduct(admin, { name: `Narrow Tea ${Date.now()}`, stock: 3 });
    const { page } = await visit({ width: 375, height: 740 });
    await page.goto('/');
    await page.getByRole('button', { name: 'Add to cart' }).first().waitFor();
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(1);
    expect(await page.getByRole('main').count()).toBe(1);
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(await overflow()).toBeLessThanOrEqual(0);

    // From the search field, Tab reaches the button, then the first product's link and its button.
    await page.getByLabel('Search products').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Add to cart');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: /^Cart 1$/ }).waitFor();
    await page.goto('/cart');
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('link', { name: 'Sign in', exact: true }).first().waitFor();
  });
});
