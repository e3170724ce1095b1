import { withClient } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectNoLeak } from './expect-problem.js';

const MODULE_DATABASES = ['database:catalog', 'database:orders', 'database:users'];

/** Every row of the HTTP contract: the OpenAPI document must describe each one. */
const CONTRACT_ROUTES: readonly [method: string, path: string][] = [
  ['post', '/api/users'],
  ['post', '/api/auth/login'],
  ['post', '/api/auth/refresh'],
  ['post', '/api/auth/logout'],
  ['get', '/api/users/me'],
  ['post', '/api/catalog/products'],
  ['get', '/api/catalog/products'],
  ['get', '/api/catalog/products/{id}'],
  ['patch', '/api/catalog/products/{id}'],
  ['post', '/api/catalog/products/{id}/stock-adjustments'],
  ['post', '/api/orders'],
  ['get', '/api/orders/{id}'],
  ['get', '/api/orders'],
  ['post', '/api/orders/{id}/cancel'],
  ['get', '/api/admin/orders'],
  ['get', '/health'],
];

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('GET /health', () => {
  it('200 with a line per module database, each up', async () => {
    const response = await app.http.get('/health');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.status).toBe('ok');
    for (const name of MODULE_DATABASES) {
      expect(response.body.dependencies[name]).toEqual(
        expect.objectContaining({ status: 'up', latencyMs: expect.any(Number) }),
      );
    }
    expectNoLeak(response.body);
  });

  // Last in the describe: it takes one module's database away for a moment.
  it('503 naming the module whose database does not answer, and 200 again once it is back', async () => {
    const database = new URL(app.database.url).pathname.slice(1);
    const role = 'tessera_catalog';
    const cutOff = async () =>
      withClient(app.database.url, async (client) => {
        await client.query(`REVOKE CONNECT ON DATABASE ${client.escapeIdentifier(database)} FROM PUBLIC, ${role}`);
        await client.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = $2',
          [database, role],
        );
      });
    const restore = async () =>
      withClient(app.database.url, async (client) => {
        await client.query(`GRANT CONNECT ON DATABASE ${client.escapeIdentifier(database)} TO PUBLIC, ${role}`);
      });

    await cutOff();
    try {
      const down = await app.http.get('/health');
      expect(down.status).toBe(503);
      expect(down.body.status).not.toBe('ok');
      expect(down.body.dependencies['database:catalog'].status).toBe('down');
      // Its pooled connection was ended, and a new one is refused CONNECT: either is what the check meets first.
      expect(['connection ended by the server', 'permission denied']).toContain(
        down.body.dependencies['database:catalog'].error,
      );
      // The public page says what kind of failure, not the driver's message (it names the database and the role).
      expect(JSON.stringify(down.body)).not.toContain(database);
      expect(JSON.stringify(down.body)).not.toContain(role);
      expect(down.body.dependencies['database:users'].status).toBe('up');
      expect(down.body.dependencies['database:orders'].status).toBe('up');
      expectNoLeak(down.body);
    } finally {
      await restore();
    }

    const up = await app.http.get('/health');
    expect(up.status).toBe(200);
    expect(up.body.dependencies['database:catalog'].status).toBe('up');
  });
});

describe('GET /docs', () => {
  it('200 with the OpenAPI page as HTML', async () => {
    const response = await app.http.get('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.body).toMatch(/<html/i);
    expect(response.body).toMatch(/swagger-ui/i);
  });
});

describe('GET /docs-json', () => {
  let document: any;

  beforeAll(async () => {
    const response = await app.http.get('/docs-json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    document = response.body;
  });

  it('is an OpenAPI 3 document for the Tessera API', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.any(String) }));
    expect(document.paths).toEqual(expect.any(Object));
  });

  it.each(CONTRACT_ROUTES)('lists %s %s', (method, path) => {
    expect(document.paths[path]).toBeDefined();
    expect(document.paths[path][method]).toEqual(expect.objectContaining({ responses: expect.any(Object) }));
  });

  it('describes the request bodies of the write routes', () => {
    const bodySchema = (method: string, path: string) =>
      document.paths[path][method].requestBody?.content?.['application/json']?.schema?.$ref as string | undefined;
    const properties = (ref: string | undefined) =>
      Object.keys(document.components.schemas[ref!.split('/').at(-1)!].properties).sort();

    expect(properties(bodySchema('post', '/api/users'))).toEqual(['email', 'name', 'password']);
    expect(properties(bodySchema('post', '/api/auth/login'))).toEqual(['email', 'password']);
    expect(properties(bodySchema('post', '/api/catalog/products'))).toEqual([
      'description',
      'name',
      'priceCents',
      'sku',
      'stock',
    ]);
    expect(properties(bodySchema('patch', '/api/catalog/products/{id}'))).toEqual([
      'description',
      'name',
      'priceCents',
    ]);
    expect(properties(bodySchema('post', '/api/catalog/products/{id}/stock-adjustments'))).toEqual(['delta']);
    expect(properties(bodySchema('post', '/api/orders'))).toEqual(['lines', 'shippingAddress']);
  });

  it('types whole numbers as integer and the nullable description as string or null, as the API validates them', () => {
    const schema = (name: string) => document.components.schemas[name].properties;
    for (const [name, fields] of [
      ['CreateProductRequest', ['priceCents', 'stock']],
      ['UpdateProductRequest', ['priceCents']],
      ['AdjustStockRequest', ['delta']],
      ['ProductResponse', ['priceCents', 'stock']],
      ['OrderResponse', ['totalCents']],
    ] as const) {
      for (const field of fields)
        expect({ schema: name, field, type: schema(name)[field].type }).toEqual({
          schema: name,
          field,
          type: 'integer',
        });
    }
    for (const name of ['CreateProductRequest', 'UpdateProductRequest'])
      expect(schema(name).description).toMatchObject({ type: ['string', 'null'] });
    const limit = document.paths['/api/catalog/products'].get.parameters.find(
      (parameter: { name: string }) => parameter.name === 'limit',
    );
    expect(limit.schema.type).toBe('integer');
  });

  it('documents the error shape: ProblemDetails, a default problem response on every operation, and problem+json on each declared error', () => {
    expect(document.components.schemas.ProblemDetails.required).toEqual(['type', 'title', 'status', 'detail', 'code']);
    for (const [method, path] of CONTRACT_ROUTES) {
      const responses = document.paths[path][method].responses;
      expect({
        route: `${method} ${path}`,
        schema: responses.default?.content?.['application/problem+json']?.schema,
      }).toEqual({
        route: `${method} ${path}`,
        schema: { $ref: '#/components/schemas/ProblemDetails' },
      });
      for (const [status, response] of Object.entries<{ content?: Record<string, unknown> }>(responses)) {
        // /health answers 503 with its report, not with a problem.
        const expected = path === '/health' && status === '503' ? ['application/json'] : ['application/problem+json'];
        if (Number(status) >= 400)
          expect({ route: `${method} ${path}`, status, types: Object.keys(response.content ?? {}) }).toEqual({
            route: `${method} ${path}`,
            status,
            types: expected,
          });
      }
    }
    expect(
      document.paths['/health'].get.responses['503'].content['application/json'].schema.properties.dependencies,
    ).toBeDefined();
  });

  it('documents the Idempotency-Key header, the 202 of POST /api/orders and the list query parameters', () => {
    const place = document.paths['/api/orders'].post;
    expect(place.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]),
    );
    expect(place.responses['202']).toBeDefined();
    expect(place.responses['422']).toBeDefined(); // an Idempotency-Key reused for other lines
    const productQuery = document.paths['/api/catalog/products'].get.parameters.map(
      (parameter: { name: string }) => parameter.name,
    );
    expect(productQuery).toEqual(expect.arrayContaining(['limit', 'cursor', 'q']));
    const orderQuery = document.paths['/api/orders'].get.parameters.map(
      (parameter: { name: string }) => parameter.name,
    );
    expect(orderQuery).toEqual(expect.arrayContaining(['limit', 'cursor', 'status']));
    const adminOrderQuery = document.paths['/api/admin/orders'].get.parameters.map(
      (parameter: { name: string }) => parameter.name,
    );
    expect(adminOrderQuery).toEqual(expect.arrayContaining(['limit', 'cursor', 'status', 'customerId']));
  });

  it('describes the dead-letter list and a dead letter', () => {
    const deadLetters =
      document.paths['/api/admin/events/dead-letters'].get.responses['200'].content['application/json'].schema;
    expect(deadLetters.$ref).toBe('#/components/schemas/DeadLetterListResponse');
    expect(Object.keys(document.components.schemas.DeadLetterResponse.properties)).toEqual(
      expect.arrayContaining([
        'id',
        'module',
        'handler',
        'eventId',
        'type',
        'error',
        'attempts',
        'parkedAt',
        'redrivenAt',
        'envelope',
      ]),
    );
  });

  it('marks the routes that need a token with bearer security, and the public ones without', () => {
    // An operation's own `security` replaces the document's; public ones declare `[{}]`.
    const secured = (method: string, path: string) =>
      (document.paths[path][method].security ?? document.security).some((entry: object) => 'bearer' in entry);
    for (const [method, path] of [
      ['get', '/api/users/me'],
      ['post', '/api/catalog/products'],
      ['patch', '/api/catalog/products/{id}'],
      ['post', '/api/catalog/products/{id}/stock-adjustments'],
      ['post', '/api/orders'],
      ['get', '/api/orders'],
      ['get', '/api/orders/{id}'],
      ['post', '/api/orders/{id}/cancel'],
      ['get', '/api/admin/orders'],
    ] as const) {
      expect({ method, path, secured: secured(method, path) }).toEqual({ method, path, secured: true });
    }
    for (const [method, path] of [
      ['post', '/api/users'],
      ['post', '/api/auth/login'],
      ['get', '/api/catalog/products'],
      ['get', '/api/catalog/products/{id}'],
      ['get', '/health'],
    ] as const) {
      expect({ method, path, secured: secured(method, path) }).toEqual({ method, path, secured: false });
    }
  });
});
