import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CLIENT_TYPES_FILE, clientTypesText, OPENAPI_FILE, openApiText } from '../../scripts/openapi/write-openapi.js';
import { ShopClient } from '../api-client/shop-client.js';
import { eventually } from '../support/eventually.js';
import { ROOT } from '../support/tessera-process.js';
import { startTestApp, TEST_ADMIN, type TestApp } from '../support/test-app.js';

let app: TestApp;
let served: any;

beforeAll(async () => {
  app = await startTestApp();
  served = (await app.http.get('/docs-json')).body;
});
afterAll(() => app?.close());

/** docs/openapi.json is the published contract; the typed client is generated from it. */
describe('the committed OpenAPI contract', () => {
  it(`${OPENAPI_FILE} is what the application serves (run \`npm run openapi\` after changing a controller)`, async () => {
    expect(await readFile(`${ROOT}/${OPENAPI_FILE}`, 'utf8')).toBe(openApiText(served));
  });

  it(`${CLIENT_TYPES_FILE} is generated from it`, async () => {
    expect(await readFile(`${ROOT}/${CLIENT_TYPES_FILE}`, 'utf8')).toBe(await clientTypesText(served));
  });

  it('is OpenAPI 3.1, bearer or session cookie by default, with a stable, unique, camelCase operationId and a summary on every operation', () => {
    expect(served.openapi).toBe('3.1.0');
    expect(served.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(served.components.securitySchemes.session).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'tessera_access',
    });
    const operations = Object.values(served.paths as Record<string, Record<string, any>>).flatMap((item) =>
      Object.values(item),
    );
    const ids = operations.map((operation) => operation.operationId as string);
    expect(ids.filter((id) => !/^[a-z][a-zA-Z]+$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operations.filter((operation) => !operation.summary)).toEqual([]);
  });
});

describe('a client typed from the contract', () => {
  it('signs up, signs in, finds a product, orders it and sees the order confirmed', async () => {
    const admin = new ShopClient(app.running.url);
    await admin.signIn(TEST_ADMIN.email, TEST_ADMIN.password);
    const sku = `SKU-${randomBytes(4).toString('hex')}`;
    const product = await admin.createProduct({ sku, name: 'Typed client mug', priceCents: 1250, stock: 5 });

    const customer = new ShopClient(app.running.url);
    const email = `typed-${randomBytes(4).toString('hex')}@example.com`;
    await customer.signUp(email, 'customer-password-1', 'Typed Customer');
    await customer.signIn(email, 'customer-password-1');
    expect((await customer.products(sku)).map((found) => found.id)).toEqual([product.id]);

    const placed = await customer.placeOrder([{ productId: product.id, quantity: 2 }], randomUUID());
    expect(placed).toMatchObject({ status: 'PENDING', totalCents: 2500 });
    const settled = await eventually(
      () => customer.order(placed.id),
      (order) => order.status !== 'PENDING',
    );
    expect(settled.status).toBe('CONFIRMED');
  });

  it("gets another customer's order refused as typed problem+json", async () => {
    const stranger = new ShopClient(app.running.url);
    const email = `stranger-${randomBytes(4).toString('hex')}@example.com`;
    await stranger.signUp(email, 'customer-password-1', 'Stranger');
    await stranger.signIn(email, 'customer-password-1');
    const problem = await stranger.refusedOrder(randomUUID());
    expect(problem).toMatchObject({ status: 404, title: expect.any(String) });
  });
});
