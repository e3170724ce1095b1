import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectProblem } from './expect-problem.js';

const SHOP = 'https://shop.example.com';
const ELSEWHERE = 'https://evil.example.net';

function preflight(app: TestApp, path: string, origin: string, method = 'POST') {
  return app.http.request('OPTIONS', path, undefined, {
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type, idempotency-key' },
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

  it('answers a preflight from a listed origin with 204, the methods of that path and the headers a client sends', async () => {
    const response = await preflight(app, '/api/orders', SHOP);

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(response.headers.get('access-control-allow-methods')?.split(', ')).toEqual(expect.arrayContaining(['GET', 'POST']));
    expect(response.headers.get('access-control-allow-methods')).not.toContain('PATCH');
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

    const malformed = await app.http.get('/api/orders/%', { headers: { origin: SHOP } });
    expectProblem(malformed, 400);
    expect(malformed.headers.get('access-control-allow-origin')).toBe(SHOP);
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
    expect((await preflight(app, '/api/orders', `${SHOP}.evil.example.net`)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(app, '/api/orders', 'http://shop.example.com')).headers.get('access-control-allow-origin')).toBeNull();
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

  it('answers any origin with "*", which no cache needs to tell apart', async () => {
    const response = await preflight(app, '/health', ELSEWHERE, 'GET');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('vary') ?? '').not.toContain('Origin');
    expect((await app.http.get('/health', { headers: { origin: ELSEWHERE } })).headers.get('access-control-allow-origin')).toBe('*');
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
    expect((await app.http.get('/health', { headers: { origin: SHOP } })).headers.get('access-control-allow-origin')).toBeNull();
  });
});
