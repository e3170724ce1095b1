import { STATUS_CODES } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { HttpResponse } from '../support/http-client.js';
import { rawRequest } from '../support/raw-request.js';
import { ShopActions } from '../support/shop-actions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectNoLeak, expectProblem, unknownUuid } from './expect-problem.js';

const BODY_LIMIT_BYTES = 102_400; // the default of BODY_LIMIT_BYTES

let app: TestApp;
let shop: ShopActions;
let admin: string;
let customer: string;
let product: { id: string };

beforeAll(async () => {
  app = await startTestApp();
  shop = new ShopActions(app.http);
  admin = await shop.adminToken();
  customer = (await shop.registerCustomer()).token;
  product = await shop.createProduct(admin);
});
afterAll(async () => {
  await app?.close();
});

/** A JSON object of exactly `bytes` bytes: {"name":"xxx…"}. */
function jsonOfSize(bytes: number): string {
  const frame = '{"name":""}';
  return `{"name":"${'x'.repeat(bytes - frame.length)}"}`;
}

describe('malformed JSON', () => {
  it.each([
    ['a truncated object', '{"email": "a@example.com", '],
    ['single quotes', "{'email': 'a@example.com'}"],
    ['a trailing comma', '{"email": "a@example.com",}'],
    ['plain words', 'hello'],
    ['only whitespace', '  '],
  ])('400 problem+json for %s', async (_, raw) => {
    const response = await app.http.post('/api/users', undefined, { raw });
    const problem = expectProblem(response, 400);
    expect(problem.detail).toMatch(/JSON/);
  });

  it('an empty body under Content-Type application/json is no body, which a route that needs one refuses as such', async () => {
    const problem = expectProblem(await app.http.post('/api/users', undefined, { raw: '' }), 400, ['body']);
    expect(problem.errors!.body).toEqual(['must be a JSON object']);
  });

  it('400 on protected routes too, after authentication', async () => {
    expectProblem(await app.http.post('/api/orders', undefined, { raw: '{"lines": [', token: customer }), 400);
    expectProblem(
      await app.http.patch(`/api/catalog/products/${product.id}`, undefined, { raw: '{name:1}', token: admin }),
      400,
    );
  });

  it('a body that is not an object: 400 for a JSON array, null, a string or a number', async () => {
    for (const raw of [
      '[]',
      '[{"email":"a@example.com","password":"password-123","name":"A"}]',
      'null',
      '"text"',
      '42',
      'true',
    ]) {
      expectProblem(await app.http.post('/api/users', undefined, { raw }), 400);
    }
  });

  it('does not let "__proto__" through, and says why the (valid) JSON was refused', async () => {
    for (const key of ['__proto__', '\\u005f_proto__']) {
      const raw = `{"email":"proto@example.com","password":"password-123","name":"Proto","${key}":{"roles":["admin"]}}`;
      const problem = expectProblem(await app.http.post('/api/users', undefined, { raw }), 400, ['body']);
      expect(problem.errors!.body).toEqual(['must not use __proto__ or constructor.prototype as property names']);
    }
    expect(
      (await app.http.post('/api/auth/login', { email: 'proto@example.com', password: 'password-123' })).status,
    ).toBe(401);
  });

  it('400 for bytes that are not UTF-8, rather than storing them as U+FFFD', async () => {
    const raw = Buffer.concat([
      Buffer.from('{"email":"latin@example.com","password":"password-123","name":"Jos'),
      Buffer.from([0xe9]),
      Buffer.from('"}'),
    ]);
    const problem = expectProblem(await app.http.post('/api/users', undefined, { raw }), 400, ['body']);
    expect(problem.errors!.body).toEqual(['must be UTF-8 text (it holds bytes that are not)']);
    expect(
      (await app.http.post('/api/auth/login', { email: 'latin@example.com', password: 'password-123' })).status,
    ).toBe(401);
  });
});

describe('wrong types', () => {
  it.each([
    [
      'POST /api/users',
      '/api/users',
      { email: 42, password: ['password-123'], name: { first: 'A' } },
      ['email', 'password', 'name'],
    ],
    ['POST /api/auth/login', '/api/auth/login', { email: true, password: 1 }, ['email', 'password']],
  ])('400 naming each field on %s', async (_, path, body, fields) => {
    const problem = expectProblem(await app.http.post(path, body), 400, fields);
    for (const field of fields) expect(problem.errors![field].join(' ')).toMatch(/must be/);
  });

  it('400 naming each field on POST /api/catalog/products', async () => {
    const body = { sku: 7, name: null, priceCents: '1000', stock: 1.5, description: false };
    expectProblem(await app.http.post('/api/catalog/products', body, { token: admin }), 400, [
      'sku',
      'name',
      'priceCents',
      'stock',
      'description',
    ]);
  });

  it('400 naming nested fields on POST /api/orders', async () => {
    const problem = expectProblem(
      await app.http.post('/api/orders', { lines: [{ productId: 5, quantity: '1' }, 'x'] }, { token: customer }),
      400,
      ['lines[0].productId', 'lines[0].quantity'],
    );
    expect(Object.keys(problem.errors!).some((field) => field.startsWith('lines[1]'))).toBe(true);
  });

  it('400 for a number too large to be exact', async () => {
    expectProblem(
      await app.http.post('/api/catalog/products', undefined, {
        raw: '{"sku":"BIG-1","name":"Big","priceCents":1e400,"stock":1}',
        token: admin,
      }),
      400,
      ['priceCents'],
    );
    expectProblem(
      await app.http.post(
        '/api/catalog/products',
        { sku: 'BIG-2', name: 'Big', priceCents: 2 ** 53 + 2, stock: 1 },
        { token: admin },
      ),
      400,
      ['priceCents'],
    );
  });

  it('400 when a query parameter is repeated', async () => {
    expectProblem(await app.http.get('/api/catalog/products?limit=1&limit=2'), 400, ['limit']);
    expectProblem(await app.http.get('/api/catalog/products?q=a&q=b'), 400, ['q']);
  });

  it('400 (never 500) for strings PostgreSQL cannot store: the NUL character', async () => {
    expectProblem(
      await app.http.post('/api/users', { email: 'nul@example.com', password: 'password-123', name: 'Nul\u0000Byte' }),
      400,
      ['name'],
    );
    expectProblem(
      await app.http.post('/api/auth/login', { email: 'nul\u0000@example.com', password: 'password-123' }),
      400,
      ['email'],
    );
    expectProblem(
      await app.http.post(
        '/api/catalog/products',
        { sku: 'NUL-1', name: 'a\u0000b', priceCents: 1, stock: 1 },
        { token: admin },
      ),
      400,
      ['name'],
    );
    expectProblem(await app.http.get(`/api/catalog/products?q=${encodeURIComponent('a\u0000b')}`), 400, ['q']);
    expectProblem(
      await app.http.post(
        '/api/orders',
        { lines: [{ productId: `${product.id}\u0000`, quantity: 1 }] },
        { token: customer },
      ),
      400,
      ['lines[0].productId'],
    );
    expectProblem(
      await app.http.patch(`/api/catalog/products/${product.id}`, { description: '\u0000' }, { token: admin }),
      400,
      ['description'],
    );
  });

  it('400 (never a silent change) for a lone UTF-16 surrogate, which would come back as U+FFFD', async () => {
    expectProblem(
      await app.http.patch(`/api/catalog/products/${product.id}`, { name: 'x\ud800y' }, { token: admin }),
      400,
      ['name'],
    );
    expectProblem(
      await app.http.post('/api/users', { email: 'lone@example.com', password: 'password-123', name: 'Lone\udc00' }),
      400,
      ['name'],
    );
    // A well-formed pair (an emoji) is stored and returned as sent.
    const renamed = await app.http.patch(
      `/api/catalog/products/${product.id}`,
      { name: 'Tea \ud83c\udf75' },
      { token: admin },
    );
    expect(renamed.status).toBe(200);
    expect((await app.http.get(`/api/catalog/products/${product.id}`)).body.name).toBe('Tea \ud83c\udf75');
  });

  it('400 (never 500) for a body nested absurdly deep', async () => {
    const arrays = `{"email":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    expectProblem(await app.http.post('/api/users', undefined, { raw: arrays }), 400, ['body']);
    const objects = `{"lines":[${'{"productId":'.repeat(5_000)}1${'}'.repeat(5_000)}]}`;
    expectProblem(await app.http.post('/api/orders', undefined, { raw: objects, token: customer }), 400, ['body']);
  });
});

describe('unknown fields', () => {
  it.each([
    [
      'POST /api/users',
      () => app.http.post('/api/users', { email: 'x@example.com', password: 'password-123', name: 'X', isAdmin: true }),
      ['isAdmin'],
    ],
    [
      'POST /api/auth/login',
      () => app.http.post('/api/auth/login', { email: 'x@example.com', password: 'password-123', otp: '123456' }),
      ['otp'],
    ],
    [
      'POST /api/catalog/products',
      () =>
        app.http.post(
          '/api/catalog/products',
          { sku: 'UNK-1', name: 'X', priceCents: 1, stock: 1, weight: 3 },
          { token: admin },
        ),
      ['weight'],
    ],
    [
      'PATCH /api/catalog/products/:id',
      () => app.http.patch(`/api/catalog/products/${product.id}`, { name: 'Y', discount: 10 }, { token: admin }),
      ['discount'],
    ],
    [
      'POST stock-adjustments',
      () =>
        app.http.post(
          `/api/catalog/products/${product.id}/stock-adjustments`,
          { delta: 1, reason: 'x' },
          { token: admin },
        ),
      ['reason'],
    ],
    [
      'POST /api/orders',
      () =>
        app.http.post(
          '/api/orders',
          { lines: [{ productId: product.id, quantity: 1 }], coupon: 'FREE' },
          { token: customer },
        ),
      ['coupon'],
    ],
    [
      'POST /api/orders (in a line)',
      () =>
        app.http.post(
          '/api/orders',
          { lines: [{ productId: product.id, quantity: 1, gift: true }] },
          { token: customer },
        ),
      ['lines[0].gift'],
    ],
    // Names every object inherits: the whitelist would find them on its own metadata and let them through.
    [
      'POST /api/users (valueOf)',
      () => app.http.post('/api/users', { email: 'vo@example.com', password: 'password-123', name: 'V', valueOf: 1 }),
      ['valueOf'],
    ],
    [
      'PATCH /api/catalog/products/:id (hasOwnProperty)',
      () => app.http.patch(`/api/catalog/products/${product.id}`, { hasOwnProperty: 1 }, { token: admin }),
      ['hasOwnProperty'],
    ],
    [
      'POST /api/orders (constructor in a line)',
      () =>
        app.http.post(
          '/api/orders',
          { lines: [{ productId: product.id, quantity: 1, constructor: 1 }] },
          { token: customer },
        ),
      ['lines[0].constructor'],
    ],
    ['GET /api/catalog/products?toString=1', () => app.http.get('/api/catalog/products?toString=1'), ['toString']],
  ])('400 naming the field on %s', async (_, send, fields) => {
    const problem = expectProblem(await send(), 400, fields);
    expect(problem.errors![fields[0]]).toEqual(['is not an accepted field']);
  });
});

describe('content type', () => {
  it.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['XML', 'application/xml'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['an invented type', 'application/vnd.tessera+yaml'],
  ])('415 for %s', async (_, type) => {
    const response = await app.http.post('/api/users', undefined, {
      raw: '{"email":"ct@example.com","password":"password-123","name":"CT"}',
      headers: { 'content-type': type },
    });
    const problem = expectProblem(response, 415);
    expect(problem.detail).toMatch(/application\/json/);
  });

  it('415 on a protected route as well', async () => {
    expectProblem(
      await app.http.post('/api/orders', undefined, {
        raw: 'lines=1',
        token: customer,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
    );
  });

  it('415 for a charset other than UTF-8, and for a compressed body', async () => {
    const raw = JSON.stringify({ email: 'latin1@example.com', password: 'password-123', name: 'José' });
    const latin1 = expectProblem(
      await app.http.post('/api/users', undefined, {
        raw: Buffer.from(raw, 'latin1'),
        headers: { 'content-type': 'application/json; charset=iso-8859-1' },
      }),
      415,
    );
    expect(latin1.detail).toContain('iso-8859-1');
    const gzipped = expectProblem(
      await app.http.post('/api/users', undefined, {
        raw: gzipSync(raw),
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      }),
      415,
    );
    expect(gzipped.detail).toContain('Content-Encoding gzip');
  });

  it('accepts application/json with a charset', async () => {
    const response = await app.http.post('/api/users', undefined, {
      raw: JSON.stringify({ email: `charset-${Date.now()}@example.com`, password: 'password-123', name: 'Charset' }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(response.status).toBe(201);
  });
});

describe('body size limit', () => {
  it(`413 for a body over ${BODY_LIMIT_BYTES} bytes`, async () => {
    const response = await app.http.post('/api/users', undefined, { raw: jsonOfSize(BODY_LIMIT_BYTES + 1) });
    const problem = expectProblem(response, 413);
    expect(problem.detail).toMatch(/larger/);
  });

  it('413 for a much larger body, on a protected route', async () => {
    expectProblem(
      await app.http.post('/api/catalog/products', undefined, { raw: jsonOfSize(2 * 1024 * 1024), token: admin }),
      413,
    );
  });

  it('413 for a chunked body over the limit (no Content-Length)', async () => {
    const chunk = new TextEncoder().encode(jsonOfSize(BODY_LIMIT_BYTES + 1024));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < chunk.length; offset += 8192)
          controller.enqueue(chunk.slice(offset, offset + 8192));
        controller.close();
      },
    });
    const response = await fetch(`${app.http.baseUrl}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    });
    const text = await response.text();
    expectProblem({ status: response.status, headers: response.headers, body: JSON.parse(text) }, 413);
  });

  it(`a body of exactly ${BODY_LIMIT_BYTES} bytes is read (and then validated)`, async () => {
    const response = await app.http.post('/api/users', undefined, { raw: jsonOfSize(BODY_LIMIT_BYTES) });
    // Parsed: the validation names the fields, which it could not do for a refused body.
    expectProblem(response, 400, ['name']);
  });
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/api/nothing-here'],
    ['GET', '/api'],
    ['POST', '/api/catalog'],
    ['GET', '/api/users/me/extra'],
    ['GET', `/api/orders/${'a'.repeat(101)}`],
  ])('404 problem+json for %s %s', async (method, path) => {
    const response = await app.http.request(method, path, undefined, { token: customer });
    const problem = expectProblem(response, 404);
    expect(problem.detail).not.toMatch(/Cannot (GET|POST|PUT|DELETE)/);
  });

  it.each([
    ['DELETE', '/api/users', 'POST'],
    ['PUT', '/api/catalog/products', 'GET, HEAD, POST'],
    ['DELETE', '/api/catalog/products/:id', 'GET, HEAD, PATCH'],
    ['OPTIONS', '/api/orders', 'GET, HEAD, POST'],
    ['GET', '/api/orders/:id/cancel', 'POST'],
    ['POST', '/health', 'GET, HEAD'],
  ])('405 problem+json with Allow for %s %s', async (method, path, allow) => {
    const response = await app.http.request(method, path.replace(':id', product.id), undefined, { token: admin });
    expect(expectProblem(response, 405).code).toBe('method-not-allowed');
    expect(response.headers.get('allow')).toBe(allow);
  });

  it('problem+json for requests Node cannot parse as HTTP, or hands to no route (CONNECT), then the connection is closed', async () => {
    const { port } = new URL(app.running.url);
    const exchange = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
      });
    const cases: [string, number, string][] = [
      ['GET /health HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n', 400, 'malformed-request'],
      [
        'POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
        400,
        'malformed-request',
      ],
      [`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers-too-large'],
      ['GET /health HTTP/1.1\r\nConnection: close\r\n\r\n', 400, 'malformed-request'],
      // Parsed, but handed to the server's `connect` event, never to the router: no tunnels here.
      ['CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 501, 'not-implemented'],
    ];
    for (const [request, status, code] of cases) {
      const answer = await exchange(request);
      const [head, body] = answer.split('\r\n\r\n') as [string, string];
      expect(head.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} ${STATUS_CODES[status]}`);
      expect(head.toLowerCase()).toContain('content-type: application/problem+json');
      const requestId = /x-request-id: (\S+)/i.exec(head)?.[1];
      expect(JSON.parse(body)).toMatchObject({
        status,
        code,
        title: STATUS_CODES[status],
        detail: expect.any(String),
        requestId,
      });
      if (status === 400) expect(Object.keys(JSON.parse(body).errors)).toEqual(['request']); // the request itself, not a body field
    }
    // HTTP/1.0 may leave Host out (written without half-closing, so the server answers before it closes).
    const http10 = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET /health HTTP/1.0\r\n\r\n'));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(http10.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  });

  it('400 problem+json for a URL that cannot be decoded, answered before routing', async () => {
    const response = await rawRequest(app.running.url, 'GET', '/api/orders/%');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['x-request-id']).toBeTruthy();
    expect(JSON.parse(response.body)).toMatchObject({
      status: 400,
      code: 'malformed-url',
      requestId: response.headers['x-request-id'],
      errors: { url: [expect.any(String)] },
    });
  });

  it('404, not 405, for a missing file under a route that answers the method (/docs/*)', async () => {
    const response = await app.http.get('/docs/no-such-file.js');
    expectProblem(response, 404);
    expect(response.headers.get('allow')).toBeNull();
  });

  it.each(['/docs/%00', '/docs/../x', '/docs/%2e%2e/x'])(
    '403 problem+json with code forbidden when the static files refuse %s',
    async (path) => {
      const response = await rawRequest(app.running.url, 'GET', path);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(response.body)).toMatchObject({ status: 403, code: 'forbidden' });
    },
  );

  it('404 for an unknown route without a token too (not 401)', async () => {
    expectProblem(await app.http.get('/api/secret-admin-panel'), 404);
  });
});

describe('every error', () => {
  it('is problem+json with status, title, detail, and nothing internal: a sweep over the API', async () => {
    const responses: [string, number, HttpResponse][] = [
      [
        'register duplicate',
        409,
        await app.http
          .post('/api/users', { email: 'sweep@example.com', password: 'password-123', name: 'S' })
          .then(() => app.http.post('/api/users', { email: 'sweep@example.com', password: 'password-123', name: 'S' })),
      ],
      [
        'login 401',
        401,
        await app.http.post('/api/auth/login', { email: 'sweep@example.com', password: 'wrong-password' }),
      ],
      ['me 401', 401, await app.http.get('/api/users/me', { token: 'x.y.z' })],
      [
        'product 403',
        403,
        await app.http.post(
          '/api/catalog/products',
          { sku: 'S-1', name: 'S', priceCents: 1, stock: 1 },
          { token: customer },
        ),
      ],
      ['product 404', 404, await app.http.get(`/api/catalog/products/${unknownUuid()}`)],
      [
        'stock 409',
        409,
        await app.http.post(
          `/api/catalog/products/${product.id}/stock-adjustments`,
          { delta: -1_000_000 },
          { token: admin },
        ),
      ],
      [
        'order 400',
        400,
        await app.http.post('/api/orders', { lines: [{ productId: unknownUuid(), quantity: 1 }] }, { token: customer }),
      ],
      ['order 404', 404, await app.http.get(`/api/orders/${unknownUuid()}`, { token: customer })],
      ['malformed', 400, await app.http.post('/api/users', undefined, { raw: '{' })],
      [
        '415',
        415,
        await app.http.post('/api/users', undefined, { raw: 'x', headers: { 'content-type': 'text/plain' } }),
      ],
      ['unknown route', 404, await app.http.get('/nope')],
    ];
    for (const [name, status, response] of responses) {
      expect({ name, status: response.status }).toEqual({ name, status });
      expectProblem(response, status);
      expect(response.body.instance).toEqual(expect.any(String));
      expect(response.headers.get('x-request-id')).toEqual(expect.any(String));
    }
  });

  it('carries the request id in the body and header', async () => {
    const response = await app.http.get('/nope', { headers: { 'x-request-id': 'trace-me-123' } });
    expectProblem(response, 404);
    expect(response.headers.get('x-request-id')).toBe('trace-me-123');
    expect(response.body.requestId).toBe('trace-me-123');
  });

  it('successful bodies carry nothing internal either', async () => {
    const listed = await app.http.get('/api/catalog/products');
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    expectNoLeak(listed.body);
  });
});
