import { randomBytes } from 'node:crypto';
import { ShopActions } from '../support/shop-actions.js';
import { startTestApp, TEST_ADMIN, type TestApp } from '../support/test-app.js';
import { expectProblem } from './expect-problem.js';

/**
 * Failed logins are counted per account and address (LOGIN_MAX_FAILURES), per
 * account over all addresses (10 times that) and per address over all accounts
 * (5 times that). Every request here comes from 127.0.0.1, so the tests before
 * the last one keep the address's failures well under 15.
 */
const MAX_FAILURES = 3;
const LOGIN_WINDOW_SECONDS = 900;

let app: TestApp;
let shop: ShopActions;

beforeAll(async () => {
  app = await startTestApp({
    LOGIN_MAX_FAILURES: String(MAX_FAILURES),
    LOGIN_WINDOW_SECONDS: String(LOGIN_WINDOW_SECONDS),
  });
  shop = new ShopActions(app.http);
});
afterAll(async () => {
  await app?.close();
});

const login = (email: string, password: string) => app.http.post('/api/auth/login', { email, password });

describe('POST /api/auth/login', () => {
  it('200 with {accessToken, tokenType: "Bearer", expiresIn}, and the token signs the customer in', async () => {
    const customer = await shop.registerCustomer('Login Customer');

    const response = await login(customer.email, customer.password);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.any(String),
      refreshExpiresIn: 2_592_000,
    });
    const me = await app.http.get('/api/users/me', { token: response.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(customer.id);
  });

  it('200 for the admin configured by ADMIN_EMAIL/ADMIN_PASSWORD', async () => {
    const response = await login(TEST_ADMIN.email, TEST_ADMIN.password);
    expect(response.status).toBe(200);
    const me = await app.http.get('/api/users/me', { token: response.body.accessToken });
    expect(me.body.roles).toContain('admin');
  });

  it('accepts the email in any letter case', async () => {
    const customer = await shop.registerCustomer();
    expect((await login(` ${customer.email.toUpperCase()} `, customer.password)).status).toBe(200);
  });

  it('401 on a wrong password and on an unknown email, with the same detail', async () => {
    const customer = await shop.registerCustomer();

    const wrongPassword = expectProblem(await login(customer.email, 'not-the-password'), 401);
    const unknownEmail = expectProblem(
      await login(`nobody-${randomBytes(4).toString('hex')}@example.com`, customer.password),
      401,
    );

    expect(unknownEmail.detail).toBe(wrongPassword.detail);
    expect(unknownEmail.title).toBe(wrongPassword.title);
    expect(unknownEmail.code).toBe(wrongPassword.code);
    expect(wrongPassword.detail).not.toMatch(/not found|no such|unknown|exist/i);
  });

  it('signs in, registers and browses the catalog despite a stale or broken token the client still sends', async () => {
    const customer = await shop.registerCustomer('Stale Token Customer');
    for (const authorization of ['Bearer a.b.c', 'Bearer expired', 'Basic dXNlcjpwYXNz']) {
      const headers = { authorization };
      expect(
        (await app.http.post('/api/auth/login', { email: customer.email, password: customer.password }, { headers }))
          .status,
      ).toBe(200);
      expect((await app.http.get('/api/catalog/products', { headers })).status).toBe(200);
      const email = `stale-${randomBytes(3).toString('hex')}@example.com`;
      expect(
        (await app.http.post('/api/users', { email, password: 'password-123', name: 'Fresh' }, { headers })).status,
      ).toBe(201);
      // A route that needs the token still refuses it.
      expectProblem(await app.http.get('/api/users/me', { headers }), 401);
    }
  });

  it('400 naming the missing or mistyped fields', async () => {
    expectProblem(await app.http.post('/api/auth/login', {}), 400, ['email', 'password']);
    expectProblem(await app.http.post('/api/auth/login', { email: 'a@example.com', password: 12345678 }), 400, [
      'password',
    ]);
  });

  it('400 on unknown fields', async () => {
    expectProblem(
      await app.http.post('/api/auth/login', { email: 'a@example.com', password: 'password-123', remember: true }),
      400,
      ['remember'],
    );
  });
});

describe('login rate limit (LOGIN_MAX_FAILURES=3)', () => {
  it(`429 with Retry-After after ${MAX_FAILURES} failures for one account, even with the right password, and not other accounts`, async () => {
    const customer = await shop.registerCustomer();
    for (let attempt = 1; attempt <= MAX_FAILURES; attempt += 1) {
      expectProblem(await login(customer.email, `wrong-password-${attempt}`), 401);
    }

    const blocked = await login(customer.email, 'wrong-password-again');
    expectProblem(blocked, 429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_WINDOW_SECONDS);

    const rightPassword = await login(customer.email, customer.password);
    expectProblem(rightPassword, 429);
    expect(Number(rightPassword.headers.get('retry-after'))).toBeGreaterThan(0);

    // …and blocks that account only: another signs in from the same address meanwhile.
    const other = await shop.registerCustomer();
    expect((await login(other.email, other.password)).status).toBe(200);
  });

  it('counts the account by its normalised email, so changing letter case does not escape the limit', async () => {
    const customer = await shop.registerCustomer();
    for (let attempt = 1; attempt <= MAX_FAILURES; attempt += 1) {
      expectProblem(
        await login(attempt % 2 === 0 ? customer.email.toUpperCase() : customer.email, 'wrong-password'),
        401,
      );
    }
    expectProblem(await login(customer.email.toUpperCase(), customer.password), 429);
  });

  it('forgets earlier failures after a successful login', async () => {
    const customer = await shop.registerCustomer();
    for (let attempt = 1; attempt < MAX_FAILURES; attempt += 1)
      expectProblem(await login(customer.email, 'wrong-password'), 401);
    expect((await login(customer.email, customer.password)).status).toBe(200);
    for (let attempt = 1; attempt < MAX_FAILURES; attempt += 1)
      expectProblem(await login(customer.email, 'wrong-password'), 401);
    expect((await login(customer.email, customer.password)).status).toBe(200);
  });

  // Last in the file: it exhausts the budget of 127.0.0.1, which every test here shares.
  it('limits one address guessing across many accounts too', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5 * MAX_FAILURES + 2; attempt += 1) {
      const response = await login(`guess-${attempt}-${randomBytes(3).toString('hex')}@example.com`, 'password-123');
      statuses.push(response.status);
      if (response.status === 429) {
        expectProblem(response, 429);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        break;
      }
      expectProblem(response, 401);
    }
    expect(statuses.at(-1)).toBe(429);
  });
});
