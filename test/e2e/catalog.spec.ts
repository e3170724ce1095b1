import { randomBytes } from 'node:crypto';
import { ShopActions } from '../support/shop-actions.js';
import { walkPages } from '../support/walk-pages.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectProblem, unknownUuid, UUID } from './expect-problem.js';

interface Product {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  priceCents: number;
  stock: number;
}

let app: TestApp;
let shop: ShopActions;
let admin: string;
let customer: string;

beforeAll(async () => {
  app = await startTestApp();
  shop = new ShopActions(app.http);
  admin = await shop.adminToken();
  customer = (await shop.registerCustomer()).token;
});
afterAll(async () => {
  await app?.close();
});

const marker = () => randomBytes(4).toString('hex');

function newProduct(fields: Partial<Product> = {}) {
  return { sku: `SKU-${marker()}`, name: 'Sencha, 100 g', priceCents: 1250, stock: 40, ...fields };
}

/** Every item of the listing, following nextCursor until it is null. */
const walk = (query: string) => walkPages<Product>(app.http, `/api/catalog/products?${query}`);

describe('POST /api/catalog/products', () => {
  it('201 with the product for an admin; the SKU is stored upper-case and description defaults to null', async () => {
    const sku = `tea-${marker()}`;
    const response = await app.http.post(
      '/api/catalog/products',
      { sku, name: 'Sencha, 100 g', priceCents: 1250, stock: 40 },
      { token: admin },
    );

    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(UUID),
      sku: sku.toUpperCase(),
      name: 'Sencha, 100 g',
      description: null,
      priceCents: 1250,
      stock: 40,
    });
    expect(response.headers.get('location')).toBe(`/api/catalog/products/${response.body.id}`);
    const fetched = await app.http.get(response.headers.get('location')!);
    expect(fetched.body).toEqual(response.body);
  });

  it('keeps a description when given', async () => {
    const response = await app.http.post(
      '/api/catalog/products',
      newProduct({ description: 'First flush green tea.' }),
      { token: admin },
    );
    expect(response.status).toBe(201);
    expect(response.body.description).toBe('First flush green tea.');
  });

  it('accepts a price and stock of 0', async () => {
    const response = await app.http.post('/api/catalog/products', newProduct({ priceCents: 0, stock: 0 }), {
      token: admin,
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ priceCents: 0, stock: 0 });
  });

  it('403 for a customer, and nothing is created', async () => {
    const body = newProduct();
    expectProblem(await app.http.post('/api/catalog/products', body, { token: customer }), 403);
    expect((await app.http.post('/api/catalog/products', body, { token: admin })).status).toBe(201);
  });

  it('401 without a token', async () => {
    expectProblem(await app.http.post('/api/catalog/products', newProduct()), 401);
  });

  it('409 on a duplicate SKU, also in another letter case', async () => {
    const sku = `DUP-${marker()}`;
    expect((await app.http.post('/api/catalog/products', newProduct({ sku }), { token: admin })).status).toBe(201);

    expectProblem(
      await app.http.post('/api/catalog/products', newProduct({ sku, name: 'Other' }), { token: admin }),
      409,
    );
    expectProblem(
      await app.http.post('/api/catalog/products', newProduct({ sku: sku.toLowerCase(), name: 'Other' }), {
        token: admin,
      }),
      409,
    );
    expectProblem(
      await app.http.post('/api/catalog/products', newProduct({ sku: ` ${sku.toLowerCase()} `, name: 'Other' }), {
        token: admin,
      }),
      409,
    );
  });

  it.each([
    ['missing fields', {}, ['sku', 'name', 'priceCents', 'stock']],
    ['a SKU with spaces', { sku: 'BAD SKU' }, ['sku']],
    ['an empty SKU', { sku: '' }, ['sku']],
    ['a blank name', { name: '   ' }, ['name']],
    ['a negative price', { priceCents: -1 }, ['priceCents']],
    ['a fractional price', { priceCents: 12.5 }, ['priceCents']],
    ['a price as a string', { priceCents: '1250' }, ['priceCents']],
    ['a negative stock', { stock: -1 }, ['stock']],
    ['a description that is not a string', { description: 42 }, ['description']],
    ['an unknown field', { colour: 'green' }, ['colour']],
  ])('400 on %s', async (_, fields, named) => {
    const body = Object.keys(fields).length === 0 ? {} : { ...newProduct(), ...fields };
    expectProblem(await app.http.post('/api/catalog/products', body, { token: admin }), 400, named);
  });
});

describe('GET /api/catalog/products/:id', () => {
  it('200 with {id, sku, name, description, priceCents, stock} for anyone', async () => {
    const created = await shop.createProduct(admin, { description: 'Shown to everyone' });

    const response = await app.http.get(`/api/catalog/products/${created.id}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: created.id,
      sku: created.sku,
      name: created.name,
      description: 'Shown to everyone',
      priceCents: 1000,
      stock: 10,
    });
  });

  it('404 for an unknown id', async () => {
    expectProblem(await app.http.get(`/api/catalog/products/${unknownUuid()}`), 404);
  });

  it.each(['not-a-uuid', '12345', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', "1' OR '1'='1"])(
    '404 for an id that is not a UUID (%s)',
    async (id) => {
      expectProblem(await app.http.get(`/api/catalog/products/${encodeURIComponent(id)}`), 404);
    },
  );
});

describe('GET /api/catalog/products', () => {
  it('200 with {items, nextCursor} for anyone', async () => {
    await shop.createProduct(admin);
    const response = await app.http.get('/api/catalog/products');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(['items', 'nextCursor']);
    expect(Array.isArray(response.body.items)).toBe(true);
    expect(response.body.nextCursor === null || typeof response.body.nextCursor === 'string').toBe(true);
    expect(response.body.items.length).toBeGreaterThan(0);
    expect(Object.keys(response.body.items[0]).sort()).toEqual([
      'description',
      'id',
      'name',
      'priceCents',
      'sku',
      'stock',
    ]);
  });

  it('walks every page with nextCursor: no duplicates, no gaps, in a stable order', async () => {
    const tag = `page${marker()}`;
    const created: Product[] = [];
    for (let index = 0; index < 11; index += 1)
      created.push(await shop.createProduct(admin, { name: `Paged ${tag} #${index}` }));

    const { pages, items } = await walk(`q=${tag}&limit=3`);

    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 2]);
    const ids = items.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(created.map((product) => product.id).sort());
    // Same order as one big page, and the same again on a second walk.
    const single = await app.http.get(`/api/catalog/products?q=${tag}&limit=100`);
    expect(single.body.items.map((item: Product) => item.id)).toEqual(ids);
    expect(single.body.nextCursor).toBeNull();
    expect((await walk(`q=${tag}&limit=3`)).items.map((item) => item.id)).toEqual(ids);
    // Creation order (ids are time-ordered).
    expect(ids).toEqual(created.map((product) => product.id));
  });

  it('walks the whole catalog without a filter, and a product created mid-walk neither duplicates nor hides the rest', async () => {
    const before = await walk('limit=100');
    const firstPage = await app.http.get('/api/catalog/products?limit=2');
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    const late = await shop.createProduct(admin, { name: 'Created during the walk' });

    const rest = [];
    let cursor: string | null = firstPage.body.nextCursor;
    while (cursor !== null) {
      const page = await app.http.get(`/api/catalog/products?limit=2&cursor=${encodeURIComponent(cursor)}`);
      expect(page.status).toBe(200);
      rest.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    const ids = [...firstPage.body.items, ...rest].map((item: Product) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...before.items.map((item) => item.id), late.id]);
  });

  it('pages hold 20 items by default', async () => {
    for (let index = 0; index < 21; index += 1) await shop.createProduct(admin);
    const response = await app.http.get('/api/catalog/products');
    expect(response.body.items).toHaveLength(20);
    expect(response.body.nextCursor).toEqual(expect.any(String));
  });

  it('`q` matches the name, case-insensitively, anywhere in it', async () => {
    const tag = marker();
    const match = await shop.createProduct(admin, { name: `Gyokuro Kagoshima ${tag}` });
    await shop.createProduct(admin, { name: `Bancha ${marker()}` });

    for (const q of [`gyokuro kagoshima ${tag}`, `KAGOSHIMA ${tag.toUpperCase()}`, 'OKURO']) {
      const response = await app.http.get(`/api/catalog/products?limit=100&q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
      expect(response.body.items.map((item: Product) => item.id)).toContain(match.id);
      expect(
        response.body.items.every(
          (item: Product) =>
            item.name.toLowerCase().includes(q.toLowerCase()) || item.sku.toLowerCase().includes(q.toLowerCase()),
        ),
      ).toBe(true);
    }
  });

  it('`q` matches the SKU, case-insensitively', async () => {
    const tag = marker();
    const match = await shop.createProduct(admin, { sku: `MATCHA-${tag}`, name: 'Ceremonial grade' });

    const response = await app.http.get(`/api/catalog/products?q=${encodeURIComponent(`matcha-${tag}`)}`);

    expect(response.body.items.map((item: Product) => item.id)).toEqual([match.id]);
  });

  it('`q` that matches nothing gives an empty page', async () => {
    const response = await app.http.get(`/api/catalog/products?q=nothing-like-this-${marker()}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], nextCursor: null });
  });

  it('`q` treats % and _ literally', async () => {
    const tag = marker();
    const percent = await shop.createProduct(admin, { name: `Discount 100% ${tag}` });
    const underscore = await shop.createProduct(admin, { name: `snake_case ${tag}` });
    await shop.createProduct(admin, { name: `Discount 1000 ${tag}` });
    await shop.createProduct(admin, { name: `snakeXcase ${tag}` });

    const byPercent = await app.http.get(`/api/catalog/products?q=${encodeURIComponent(`100% ${tag}`)}`);
    expect(byPercent.body.items.map((item: Product) => item.id)).toEqual([percent.id]);

    const byUnderscore = await app.http.get(`/api/catalog/products?q=${encodeURIComponent(`snake_case ${tag}`)}`);
    expect(byUnderscore.body.items.map((item: Product) => item.id)).toEqual([underscore.id]);

    const onlyPercent = await app.http.get(`/api/catalog/products?limit=100&q=${encodeURIComponent('%')}`);
    expect(onlyPercent.body.items.map((item: Product) => item.id)).toEqual([percent.id]);

    const backslash = await app.http.get(`/api/catalog/products?q=${encodeURIComponent('\\')}`);
    expect(backslash.status).toBe(200);
    expect(backslash.body.items).toEqual([]);
  });

  it.each([
    ['0', 'limit'],
    ['101', 'limit'],
    ['-1', 'limit'],
    ['1.5', 'limit'],
    ['abc', 'limit'],
    // Number() would read these as numbers; only digits are a limit.
    ['0x10', 'limit'],
    ['1e1', 'limit'],
    ['%205', 'limit'],
    ['+5', 'limit'],
    ['', 'limit'],
    ['5&limit=6', 'limit'],
  ])('400 naming `limit` for limit=%s', async (limit) => {
    expectProblem(await app.http.get(`/api/catalog/products?limit=${limit}`), 400, ['limit']);
  });

  it('accepts limit=1 and limit=100', async () => {
    expect((await app.http.get('/api/catalog/products?limit=1')).body.items).toHaveLength(1);
    expect((await app.http.get('/api/catalog/products?limit=100')).status).toBe(200);
  });

  it('400 naming `cursor` for a cursor the API did not return', async () => {
    expectProblem(await app.http.get('/api/catalog/products?cursor=not-a-cursor'), 400, ['cursor']);
  });

  it('400 on an unknown query parameter', async () => {
    expectProblem(await app.http.get('/api/catalog/products?sort=price'), 400, ['sort']);
  });
});

describe('PATCH /api/catalog/products/:id', () => {
  let product: Product;

  beforeEach(async () => {
    product = await shop.createProduct(admin, {
      name: 'Original name',
      description: 'Original description',
      priceCents: 500,
      stock: 7,
    });
  });

  it('200 with the product, changing only the fields given', async () => {
    const renamed = await app.http.patch(`/api/catalog/products/${product.id}`, { name: 'New name' }, { token: admin });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ ...product, name: 'New name' });

    const repriced = await app.http.patch(`/api/catalog/products/${product.id}`, { priceCents: 650 }, { token: admin });
    expect(repriced.body).toEqual({ ...product, name: 'New name', priceCents: 650 });

    const described = await app.http.patch(
      `/api/catalog/products/${product.id}`,
      { description: 'New description' },
      { token: admin },
    );
    expect(described.body).toEqual({ ...product, name: 'New name', priceCents: 650, description: 'New description' });

    expect((await app.http.get(`/api/catalog/products/${product.id}`)).body).toEqual(described.body);
  });

  it('changes several fields at once', async () => {
    const response = await app.http.patch(
      `/api/catalog/products/${product.id}`,
      { name: 'Both', priceCents: 1 },
      { token: admin },
    );
    expect(response.body).toEqual({ ...product, name: 'Both', priceCents: 1 });
  });

  it('`description: null` clears the description', async () => {
    const response = await app.http.patch(
      `/api/catalog/products/${product.id}`,
      { description: null },
      { token: admin },
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ...product, description: null });
    expect((await app.http.get(`/api/catalog/products/${product.id}`)).body.description).toBeNull();
  });

  it('400 on an empty body, and nothing changes', async () => {
    expectProblem(await app.http.patch(`/api/catalog/products/${product.id}`, {}, { token: admin }), 400);
    expect((await app.http.get(`/api/catalog/products/${product.id}`)).body).toEqual(product);
  });

  it.each([
    ['sku', { sku: 'OTHER' }],
    ['stock', { stock: 1000 }],
    ['id', { id: unknownUuid() }],
  ])('400 naming `%s`, which PATCH cannot change', async (field, body) => {
    expectProblem(await app.http.patch(`/api/catalog/products/${product.id}`, body, { token: admin }), 400, [field]);
    expect((await app.http.get(`/api/catalog/products/${product.id}`)).body).toEqual(product);
  });

  it.each([
    ['priceCents', { priceCents: -5 }],
    ['priceCents', { priceCents: '650' }],
    ['priceCents', { priceCents: null }],
    ['name', { name: '' }],
    ['name', { name: null }],
    ['name', { name: 'n'.repeat(201) }],
    ['description', { description: 7 }],
  ])('400 naming `%s` on a bad value', async (field, body) => {
    expectProblem(await app.http.patch(`/api/catalog/products/${product.id}`, body, { token: admin }), 400, [field]);
    expect((await app.http.get(`/api/catalog/products/${product.id}`)).body).toEqual(product);
  });

  it('403 for a customer', async () => {
    expectProblem(
      await app.http.patch(`/api/catalog/products/${product.id}`, { name: 'Hijacked' }, { token: customer }),
      403,
    );
    expect((await app.http.get(`/api/catalog/products/${product.id}`)).body.name).toBe('Original name');
  });

  it('401 without a token', async () => {
    expectProblem(await app.http.patch(`/api/catalog/products/${product.id}`, { name: 'Anonymous' }), 401);
  });

  it('404 for an unknown or malformed id', async () => {
    expectProblem(
      await app.http.patch(`/api/catalog/products/${unknownUuid()}`, { name: 'Ghost' }, { token: admin }),
      404,
    );
    expectProblem(await app.http.patch('/api/catalog/products/not-a-uuid', { name: 'Ghost' }, { token: admin }), 404);
  });
});

describe('POST /api/catalog/products/:id/stock-adjustments', () => {
  const adjust = (id: string, delta: unknown, token = admin) =>
    app.http.post(`/api/catalog/products/${id}/stock-adjustments`, { delta }, { token });

  it('200 with the product; positive deltas add and negative deltas remove stock', async () => {
    const product = await shop.createProduct(admin, { stock: 10 });

    const received = await adjust(product.id, 5);
    expect(received.status).toBe(200);
    expect(received.body).toEqual({ ...product, stock: 15 });

    const writtenOff = await adjust(product.id, -15);
    expect(writtenOff.status).toBe(200);
    expect(writtenOff.body).toEqual({ ...product, stock: 0 });
    expect((await app.http.get(`/api/catalog/products/${product.id}`)).body.stock).toBe(0);
  });

  it('409 when stock would go below zero, and the stock is unchanged', async () => {
    const product = await shop.createProduct(admin, { stock: 3 });

    expectProblem(await adjust(product.id, -4), 409);

    expect((await app.http.get(`/api/catalog/products/${product.id}`)).body.stock).toBe(3);
    expect((await adjust(product.id, -3)).body.stock).toBe(0);
    expectProblem(await adjust(product.id, -1), 409);
    expect((await app.http.get(`/api/catalog/products/${product.id}`)).body.stock).toBe(0);
  });

  it('never goes below zero under concurrent write-offs', async () => {
    const product = await shop.createProduct(admin, { stock: 5 });

    const responses = await Promise.all(Array.from({ length: 8 }, () => adjust(product.id, -1)));

    expect(responses.filter((response) => response.status === 200)).toHaveLength(5);
    for (const response of responses.filter((each) => each.status !== 200)) expectProblem(response, 409);
    expect((await app.http.get(`/api/catalog/products/${product.id}`)).body.stock).toBe(0);
  });

  it.each([
    ['0', 0],
    ['a fraction', 1.5],
    ['a string', '5'],
    ['null', null],
    ['too large', 2_000_000_000],
  ])('400 naming `delta` when it is %s', async (_, delta) => {
    const product = await shop.createProduct(admin, { stock: 10 });
    expectProblem(await adjust(product.id, delta), 400, ['delta']);
    expect((await app.http.get(`/api/catalog/products/${product.id}`)).body.stock).toBe(10);
  });

  it('400 when the result would exceed the maximum stock', async () => {
    const product = await shop.createProduct(admin, { stock: 1_000_000_000 });
    const response = await adjust(product.id, 1);
    expectProblem(response, 400, ['delta']);
    expect((await app.http.get(`/api/catalog/products/${product.id}`)).body.stock).toBe(1_000_000_000);
  });

  describe('with an Idempotency-Key', () => {
    const adjustOnce = (id: string, delta: number, key: string) =>
      app.http.post(
        `/api/catalog/products/${id}/stock-adjustments`,
        { delta },
        { token: admin, headers: { 'idempotency-key': key } },
      );

    it('changes the stock once however often the request is repeated, also concurrently, and says which answers are replays', async () => {
      const product = await shop.createProduct(admin, { stock: 10 });
      const first = await adjustOnce(product.id, 5, 'delivery-1');
      expect(first.status).toBe(200);
      expect(first.body.stock).toBe(15);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const repeats = await Promise.all(Array.from({ length: 5 }, () => adjustOnce(product.id, 5, 'delivery-1')));
      for (const repeat of repeats) {
        expect(repeat.status).toBe(200);
        expect(repeat.headers.get('idempotent-replayed')).toBe('true');
        expect(repeat.body.stock).toBe(15);
      }
      const racing = await Promise.all(Array.from({ length: 5 }, () => adjustOnce(product.id, -3, 'write-off-7')));
      expect(racing.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
      expect(racing.filter((response) => response.headers.get('idempotent-replayed') === null)).toHaveLength(1);
      expect((await app.http.get(`/api/catalog/products/${product.id}`)).body.stock).toBe(12);
    });

    it('422 when the key comes back with another delta; the same key on another product is a different adjustment', async () => {
      const [one, two] = [
        await shop.createProduct(admin, { stock: 10 }),
        await shop.createProduct(admin, { stock: 10 }),
      ];
      expect((await adjustOnce(one.id, 2, 'k-1')).status).toBe(200);
      expectProblem(await adjustOnce(one.id, 3, 'k-1'), 422);
      expect((await adjustOnce(two.id, 3, 'k-1')).body.stock).toBe(13);
      expect((await app.http.get(`/api/catalog/products/${one.id}`)).body.stock).toBe(12);
    });

    it('keeps no key for an adjustment that failed, so a corrected retry with it goes through', async () => {
      const product = await shop.createProduct(admin, { stock: 1 });
      expectProblem(await adjustOnce(product.id, -5, 'k-fail'), 409);
      expect((await adjustOnce(product.id, -5, 'k-fail')).status).toBe(409);
      const corrected = await adjustOnce(product.id, -1, 'k-fail');
      expect(corrected.status).toBe(200);
      expect(corrected.body.stock).toBe(0);
      expectProblem(await adjustOnce(unknownUuid(), 1, 'k-fail'), 404);
      expectProblem(
        await app.http.post(
          `/api/catalog/products/${product.id}/stock-adjustments`,
          { delta: 1 },
          { token: admin, headers: { 'idempotency-key': 'with space' } },
        ),
        400,
      );
    });
  });

  it('403 for a customer, 401 without a token', async () => {
    const product = await shop.createProduct(admin, { stock: 10 });
    expectProblem(await adjust(product.id, 5, customer), 403);
    expectProblem(await app.http.post(`/api/catalog/products/${product.id}/stock-adjustments`, { delta: 5 }), 401);
    expect((await app.http.get(`/api/catalog/products/${product.id}`)).body.stock).toBe(10);
  });

  it('404 for an unknown or malformed id', async () => {
    expectProblem(await adjust(unknownUuid(), 5), 404);
    expectProblem(await adjust('not-a-uuid', 5), 404);
  });
});
