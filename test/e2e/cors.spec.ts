import { rawRequest } from '../support/raw-request.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectProblem } from './expect-problem.js';

const SHOP = 'https://shop.example.com';
const ELSEWHERE = 'https://evil.example.net';

function preflight(app: TestApp, path: string, origin: string, method = 'POST') {
  return app.http.request('OPTIONS', path, undefined, {
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization, content-type, idempotency-key',
    },
  });
}

describe('CORS with CORS_ORIGINS listing the storefront', () => {
  let app: TestApp;
  beforeAll(async () => {
    // Written as an operator might: upper case and a trailing slash still mean the origin a browser sends.
    app = await startTestApp({ CORS_ORIGINS: `HTTPS://Shop.Example.com/, http://localhost:5173` });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers a preflight from a listed origin with 204, the methods of the API and the headers a client sends', async () => {
    const response = await preflight(app, '/api/orders', SHOP);

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST, PATCH');
    expect(response.headers.get('access-control-allow-headers')).toEqual(expect.stringContaining('idempotency-key'));
    expect(response.headers.get('access-control-allow-headers')).toEqual(expect.stringContaining('authorization'));
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('vary')).toContain('Origin');
    // Bearer tokens only: a cross-origin page never rides on the browser's cookies.
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets a listed origin read answers, errors included, and the headers it needs', async () => {
    const list = await app.http.get('/api/catalog/products', { headers: { origin: SHOP } });
    expect(list.status).toBe(200);
    expect(list.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(list.headers.get('access-control-expose-headers')).toEqual(expect.stringContaining('location'));
    expect(list.headers.get('access-control-expose-headers')).toEqual(expect.stringContaining('retry-after'));

    const refused = await app.http.get('/api/users/me', { headers: { origin: 'http://localhost:5173' } });
    expectProblem(refused, 401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');

    // Refused before routing, so before the CORS hook: unreadable cross-origin, and never sent by a browser (it percent-encodes).
    const malformed = await app.http.get('/api/orders/%', { headers: { origin: SHOP } });
    expectProblem(malformed, 400);
    expect(malformed.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight alike whatever its path; the request itself then gets its real answer, readable by the page', async () => {
    for (const path of ['/api/catalog/nothing-here', '/api/orders/', '/api/catalog/products?limit=1']) {
      const response = await preflight(app, path, SHOP, 'DELETE');
      expect({ path, status: response.status, methods: response.headers.get('access-control-allow-methods') }).toEqual({
        path,
        status: 204,
        methods: 'GET, HEAD, POST, PATCH',
      });
    }
    const preflightHeaders = { origin: SHOP, 'access-control-request-method': 'GET' };
    const absolute = await rawRequest(
      app.http.baseUrl,
      'OPTIONS',
      'http://127.0.0.1/api/catalog/products',
      preflightHeaders,
    );
    expect({ status: absolute.status, origin: absolute.headers['access-control-allow-origin'] }).toEqual({
      status: 204,
      origin: SHOP,
    });
    const internal = await rawRequest(
      app.http.baseUrl,
      'OPTIONS',
      'http://127.0.0.1/internal/health',
      preflightHeaders,
    );
    expect({ status: internal.status, origin: internal.headers['access-control-allow-origin'] }).toEqual({
      status: 405,
      origin: undefined,
    });
    const missing = await app.http.get('/api/catalog/nothing-here', { headers: { origin: SHOP } });
    expectProblem(missing, 404);
    expect(missing.headers.get('access-control-allow-origin')).toBe(SHOP);
    const wrongMethod = await app.http.request('DELETE', '/api/orders', undefined, { headers: { origin: SHOP } });
    expectProblem(wrongMethod, 405);
    expect(wrongMethod.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(wrongMethod.headers.get('access-control-expose-headers')).toEqual(expect.stringContaining('allow'));
  });

  it('gives service endpoints no CORS at all: they are for processes, not browsers', async () => {
    const refused = await preflight(app, '/internal/health', SHOP, 'GET');
    expect(refused.status).not.toBe(204);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(
      (await app.http.get('/internal/health', { headers: { origin: SHOP } })).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();
  });

  it('gives an origin it does not list nothing: no CORS headers, and the preflight is not answered', async () => {
    const read = await app.http.get('/api/catalog/products', { headers: { origin: ELSEWHERE } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    expect(read.headers.get('vary')).toContain('Origin');

    const refused = await preflight(app, '/api/orders', ELSEWHERE);
    expectProblem(refused, 405);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    // A look-alike is another origin.
    expect(
      (await preflight(app, '/api/orders', `${SHOP}.evil.example.net`)).headers.get('access-control-allow-origin'),
    ).toBeNull();
    expect(
      (await preflight(app, '/api/orders', 'http://shop.example.com')).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });
});

describe('CORS with CORS_ORIGINS=*', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ CORS_ORIGINS: '*' }, { modules: [] });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers any origin with "*", on every answer, with an Origin or without', async () => {
    const response = await preflight(app, '/health', ELSEWHERE, 'GET');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(
      (await app.http.get('/health', { headers: { origin: 'null' } })).headers.get('access-control-allow-origin'),
    ).toBe('*');
    const noOrigin = await app.http.get('/health');
    expect(noOrigin.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('CORS by default', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({}, { modules: [] });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is off: same-origin only, a preflight is a 405 like any unserved method', async () => {
    const response = await preflight(app, '/health', SHOP, 'GET');
    expectProblem(response, 405);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(
      (await app.http.get('/health', { headers: { origin: SHOP } })).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });
});
