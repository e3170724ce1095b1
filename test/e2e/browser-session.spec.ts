import { expectStatus, SHIPPING_ADDRESS, ShopActions } from '../support/shop-actions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { expectProblem } from './expect-problem.js';

let app: TestApp;
let shop: ShopActions;

beforeAll(async () => {
  app = await startTestApp();
  shop = new ShopActions(app.http);
});
afterAll(async () => {
  await app?.close();
});

/** The cookies a Set-Cookie list sets, by name, with their attributes. */
function cookiesOf(response: { headers: Headers }): Record<string, { value: string; attributes: string[] }> {
  return Object.fromEntries(
    response.headers.getSetCookie().map((line) => {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      return [pair.slice(0, at), { value: pair.slice(at + 1), attributes: attributes.map((a) => a.toLowerCase()) }];
    }),
  );
}

const cookieHeader = (cookies: Record<string, { value: string }>, ...names: string[]) =>
  names.map((name) => `${name}=${cookies[name].value}`).join('; ');

async function browserSignIn(email: string, password: string) {
  const response = await app.http.post('/api/auth/browser/login', { email, password }, { headers: SAME_ORIGIN });
  expectStatus(response, 200);
  return { response, cookies: cookiesOf(response) };
}

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

describe('browser sessions (HttpOnly cookies)', () => {
  it('signs in with the tokens in HttpOnly, SameSite=Strict cookies, never in the body', async () => {
    const customer = await shop.registerCustomer('Cookie Customer');
    const { response, cookies } = await browserSignIn(customer.email, customer.password);
    expect(response.body).toEqual({
      user: { id: customer.id, email: customer.email, name: 'Cookie Customer', roles: ['customer'] },
      expiresIn: expect.any(Number),
      refreshExpiresIn: expect.any(Number),
    });
    expect(JSON.stringify(response.body)).not.toContain(cookies.tessera_access.value);
    expect(cookies.tessera_access.attributes).toEqual(
      expect.arrayContaining(['path=/', 'httponly', 'samesite=strict', `max-age=${response.body.expiresIn}`]),
    );
    expect(cookies.tessera_refresh.attributes).toEqual(
      expect.arrayContaining(['path=/api/auth/browser', 'httponly', 'samesite=strict']),
    );
    // Over plain HTTP the cookies cannot be Secure (the browser would drop them); behind HTTPS they are.
    expect(cookies.tessera_access.attributes).not.toContain('secure');
    const me = await app.http.get('/api/users/me', { headers: { cookie: cookieHeader(cookies, 'tessera_access') } });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(customer.id);
  });

  it('marks the cookies Secure when the request came over HTTPS through a trusted proxy', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: 'loopback' });
    try {
      const customer = await new ShopActions(proxied.http).registerCustomer();
      const response = await proxied.http.post(
        '/api/auth/browser/login',
        { email: customer.email, password: customer.password },
        { headers: { ...SAME_ORIGIN, 'x-forwarded-proto': 'https' } },
      );
      expectStatus(response, 200);
      for (const cookie of Object.values(cookiesOf(response))) expect(cookie.attributes).toContain('secure');
    } finally {
      await proxied.close();
    }
  });

  it('acts with the cookie from its own pages, and refuses another site’s page', async () => {
    const customer = await shop.registerCustomer();
    const product = await shop.createProduct(await shop.adminToken(), { stock: 5 });
    const { cookies } = await browserSignIn(customer.email, customer.password);
    const cookie = cookieHeader(cookies, 'tessera_access');
    const order = { lines: [{ productId: product.id, quantity: 1 }], shippingAddress: SHIPPING_ADDRESS };
    for (const site of ['cross-site', 'same-site']) {
      const refused = await app.http.post('/api/orders', order, { headers: { cookie, 'sec-fetch-site': site } });
      expect(expectProblem(refused, 403).code).toBe('forbidden');
      expect(refused.body.detail).toContain(`A ${site} request cannot act with the browser session`);
    }
    expect((await app.http.get('/api/orders', { token: customer.token })).body.items).toEqual([]);
    // Reading is no action: a cross-site GET may use the cookie (SameSite keeps browsers from sending it anyway).
    expect((await app.http.get('/api/users/me', { headers: { cookie, 'sec-fetch-site': 'cross-site' } })).status).toBe(
      200,
    );
    expectStatus(await app.http.post('/api/orders', order, { headers: { cookie, ...SAME_ORIGIN } }), 202);
    // A bearer token is not a cookie: the browser never sends it on its own, so no origin is asked of it.
    expectStatus(
      await app.http.post('/api/orders', order, { token: customer.token, headers: { 'sec-fetch-site': 'cross-site' } }),
      202,
    );
  });

  it('refuses to sign in from another site’s page, and wrong credentials, setting no cookie', async () => {
    const customer = await shop.registerCustomer();
    const credentials = { email: customer.email, password: customer.password };
    const crossSite = await app.http.post('/api/auth/browser/login', credentials, {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(expectProblem(crossSite, 403).code).toBe('forbidden');
    expect(crossSite.headers.getSetCookie()).toEqual([]);
    const wrong = await app.http.post(
      '/api/auth/browser/login',
      { ...credentials, password: 'not-the-password' },
      { headers: SAME_ORIGIN },
    );
    expect(expectProblem(wrong, 401).code).toBe('users.invalid-credentials');
    expect(wrong.headers.getSetCookie()).toEqual([]);
    expectProblem(await app.http.post('/api/auth/browser/login', { email: 3 }, { headers: SAME_ORIGIN }), 400);
  });

  it('renews with the refresh cookie once; spending it twice ends the session and clears the cookies', async () => {
    const customer = await shop.registerCustomer();
    const { cookies } = await browserSignIn(customer.email, customer.password);
    const refresh = { cookie: cookieHeader(cookies, 'tessera_refresh'), ...SAME_ORIGIN };
    const renewed = await app.http.post('/api/auth/browser/refresh', undefined, { headers: refresh });
    expectStatus(renewed, 200);
    expect(renewed.body.user.id).toBe(customer.id);
    const next = cookiesOf(renewed);
    expect(next.tessera_refresh.value).not.toBe(cookies.tessera_refresh.value);
    expect(
      (await app.http.get('/api/users/me', { headers: { cookie: cookieHeader(next, 'tessera_access') } })).status,
    ).toBe(200);

    const replayed = await app.http.post('/api/auth/browser/refresh', undefined, { headers: refresh });
    expect(expectProblem(replayed, 401).code).toBe('users.refresh-token-reused');
    const cleared = cookiesOf(replayed);
    expect(cleared.tessera_access).toMatchObject({ value: '', attributes: expect.arrayContaining(['max-age=0']) });
    expect(cleared.tessera_refresh).toMatchObject({ value: '', attributes: expect.arrayContaining(['max-age=0']) });
    // The whole family ended with it: the successor is spent too.
    const successor = { cookie: cookieHeader(next, 'tessera_refresh'), ...SAME_ORIGIN };
    expectProblem(await app.http.post('/api/auth/browser/refresh', undefined, { headers: successor }), 401);
  });

  it('answers a refresh without a session 401, and one with fields 400', async () => {
    const none = await app.http.post('/api/auth/browser/refresh', undefined, { headers: SAME_ORIGIN });
    expect(expectProblem(none, 401).code).toBe('users.invalid-refresh-token');
    expectProblem(
      await app.http.post('/api/auth/browser/refresh', { refreshToken: 'x' }, { headers: SAME_ORIGIN }),
      400,
    );
  });

  it('signs out: the session cannot be renewed and the cookies are cleared', async () => {
    const customer = await shop.registerCustomer();
    const { cookies } = await browserSignIn(customer.email, customer.password);
    const both = { cookie: cookieHeader(cookies, 'tessera_access', 'tessera_refresh'), ...SAME_ORIGIN };
    const out = await app.http.post('/api/auth/browser/logout', undefined, { headers: both });
    expect(out.status).toBe(204);
    expect(Object.values(cookiesOf(out)).map((cookie) => cookie.value)).toEqual(['', '']);
    expectProblem(await app.http.post('/api/auth/browser/refresh', undefined, { headers: both }), 401);
    // Signing out twice, or with no session at all, is still signed out.
    expect((await app.http.post('/api/auth/browser/logout', undefined, { headers: SAME_ORIGIN })).status).toBe(204);
  });

  it('prefers a bearer token to the cookie, and ignores a broken cookie on public routes', async () => {
    const [alice, bob] = [await shop.registerCustomer(), await shop.registerCustomer()];
    const { cookies } = await browserSignIn(alice.email, alice.password);
    const me = await app.http.get('/api/users/me', {
      token: bob.token,
      headers: { cookie: cookieHeader(cookies, 'tessera_access') },
    });
    expect(me.body.id).toBe(bob.id);
    expect(
      (await app.http.get('/api/catalog/products', { headers: { cookie: 'tessera_access=garbage' } })).status,
    ).toBe(200);
    expectProblem(await app.http.get('/api/users/me', { headers: { cookie: 'tessera_access=garbage' } }), 401);
  });
});
