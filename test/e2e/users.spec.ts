import { randomBytes } from 'node:crypto';
import { AccessTokenService } from '../../src/shared/auth/access-token.service.js';
import { ShopActions } from '../support/shop-actions.js';
import { startTestApp, TEST_ADMIN, TEST_JWT_SECRET, type TestApp } from '../support/test-app.js';
import { expectNoLeak, expectProblem, UUID } from './expect-problem.js';

let app: TestApp;
let shop: ShopActions;

beforeAll(async () => {
  app = await startTestApp();
  shop = new ShopActions(app.http);
});
afterAll(async () => {
  await app?.close();
});

function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.com`;
}

describe('POST /api/users (register)', () => {
  it('creates a customer: 201 with {id, email, name, roles} and nothing secret', async () => {
    const email = uniqueEmail('ada');
    const response = await app.http.post('/api/users', {
      email,
      password: 'correct horse battery',
      name: 'Ada Lovelace',
    });

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      id: expect.stringMatching(UUID),
      email,
      name: 'Ada Lovelace',
      roles: ['customer'],
    });
    expect(JSON.stringify(response.body)).not.toMatch(/password|hash|scrypt/i);
  });

  it('stores the email trimmed and lower-cased, so the account signs in with any letter case', async () => {
    const local = `Grace-${randomBytes(4).toString('hex')}`;
    const response = await app.http.post('/api/users', {
      email: `  ${local}@Example.COM `,
      password: 'password-123',
      name: 'Grace',
    });

    expect(response.status).toBe(201);
    expect(response.body.email).toBe(`${local.toLowerCase()}@example.com`);
    const login = await app.http.post('/api/auth/login', {
      email: `${local.toUpperCase()}@EXAMPLE.COM`,
      password: 'password-123',
    });
    expect(login.status).toBe(200);
  });

  it('accepts a password of exactly 8 characters', async () => {
    const response = await app.http.post('/api/users', { email: uniqueEmail(), password: '12345678', name: 'Eight' });
    expect(response.status).toBe(201);
  });

  it('409 when the email is taken', async () => {
    const email = uniqueEmail('taken');
    expect((await app.http.post('/api/users', { email, password: 'password-123', name: 'First' })).status).toBe(201);

    const again = await app.http.post('/api/users', { email, password: 'another-password', name: 'Second' });

    const problem = expectProblem(again, 409);
    expect(problem.detail).toMatch(/email/i);
  });

  it('409 when the email is taken in another letter case', async () => {
    const email = uniqueEmail('cased');
    expect((await app.http.post('/api/users', { email, password: 'password-123', name: 'First' })).status).toBe(201);

    expectProblem(
      await app.http.post('/api/users', { email: email.toUpperCase(), password: 'password-123', name: 'Second' }),
      409,
    );
    expectProblem(
      await app.http.post('/api/users', {
        email: ` ${email.replace(/^./, (c) => c.toUpperCase())} `,
        password: 'password-123',
        name: 'Third',
      }),
      409,
    );
  });

  it('409 when registering the admin email', async () => {
    expectProblem(
      await app.http.post('/api/users', { email: TEST_ADMIN.email, password: 'password-123', name: 'Impostor' }),
      409,
    );
  });

  it.each([
    ['no @', 'not-an-email'],
    ['no domain dot', 'ada@localhost'],
    ['a space', 'ada lovelace@example.com'],
    ['two @', 'ada@@example.com'],
    ['empty', ''],
    ['too long', `${'a'.repeat(250)}@example.com`],
  ])('400 naming `email` on a bad email (%s)', async (_, email) => {
    const response = await app.http.post('/api/users', { email, password: 'password-123', name: 'Bad Email' });
    expectProblem(response, 400, ['email']);
  });

  it.each([
    ['7 characters', '1234567'],
    ['empty', ''],
    ['7 characters of emoji', '😀😀😀😀😀😀😀'],
  ])('400 naming `password` on a password under 8 characters (%s)', async (_, password) => {
    const response = await app.http.post('/api/users', { email: uniqueEmail(), password, name: 'Short Password' });
    const problem = expectProblem(response, 400, ['password']);
    expect(problem.errors!.password.join(' ')).toMatch(/8/);
  });

  it('does not create the account when the password is refused', async () => {
    const email = uniqueEmail('refused');
    expectProblem(await app.http.post('/api/users', { email, password: 'short', name: 'Nope' }), 400, ['password']);
    expect((await app.http.post('/api/users', { email, password: 'long-enough-now', name: 'Yes' })).status).toBe(201);
  });

  it('400 naming each missing field', async () => {
    const response = await app.http.post('/api/users', {});
    expectProblem(response, 400, ['email', 'password', 'name']);
  });

  it('400 naming `name` when it is blank or too long', async () => {
    expectProblem(
      await app.http.post('/api/users', { email: uniqueEmail(), password: 'password-123', name: '   ' }),
      400,
      ['name'],
    );
    expectProblem(
      await app.http.post('/api/users', { email: uniqueEmail(), password: 'password-123', name: 'n'.repeat(101) }),
      400,
      ['name'],
    );
  });

  it('400 naming `roles` when a client tries to sign itself up as admin', async () => {
    const email = uniqueEmail('sneaky');
    const response = await app.http.post('/api/users', {
      email,
      password: 'password-123',
      name: 'Sneaky',
      roles: ['admin'],
    });

    expectProblem(response, 400, ['roles']);
    // and nothing was created
    expect((await app.http.post('/api/users', { email, password: 'password-123', name: 'Sneaky' })).body.roles).toEqual(
      ['customer'],
    );
  });
});

describe('GET /api/users/me', () => {
  it('200 with the signed-in customer profile', async () => {
    const customer = await shop.registerCustomer('Profile Owner');

    const response = await app.http.get('/api/users/me', { token: customer.token });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: customer.id,
      email: customer.email,
      name: 'Profile Owner',
      roles: ['customer'],
    });
  });

  it('200 with the admin profile, roles including admin', async () => {
    const response = await app.http.get('/api/users/me', { token: await shop.adminToken() });

    expect(response.status).toBe(200);
    expect(response.body.email).toBe(TEST_ADMIN.email);
    expect(response.body.roles).toEqual(expect.arrayContaining(['admin']));
  });

  it('401 without a token', async () => {
    const response = await app.http.get('/api/users/me');
    expectProblem(response, 401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it.each([
    ['a garbage token', 'Bearer not-a-token'],
    ['three garbage parts', 'Bearer aaa.bbb.ccc'],
    ['an empty bearer', 'Bearer '],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
  ])('401 with %s', async (_, authorization) => {
    const response = await app.http.get('/api/users/me', { headers: { authorization } });
    expectProblem(response, 401);
  });

  describe('with tokens signed outside the app', () => {
    let customer: { id: string; email: string };
    const principal = () => ({ userId: customer.id, email: customer.email, roles: ['customer'] as const });

    beforeAll(async () => {
      customer = await shop.registerCustomer('Token Subject');
    });

    it('accepts a token signed with the configured secret (control for the cases below)', async () => {
      const { accessToken } = new AccessTokenService(TEST_JWT_SECRET, 900).issue(principal());
      const response = await app.http.get('/api/users/me', { token: accessToken });
      expect(response.status).toBe(200);
      expect(response.body.id).toBe(customer.id);
    });

    it('401 with an expired token', async () => {
      const twoHoursAgo = Date.now() - 2 * 60 * 60 * 1000;
      const { accessToken } = new AccessTokenService(TEST_JWT_SECRET, 900, () => twoHoursAgo).issue(principal());

      const problem = expectProblem(await app.http.get('/api/users/me', { token: accessToken }), 401);
      expect(problem.detail).toMatch(/expired/i);
    });

    it('401 with a token signed by another secret', async () => {
      const { accessToken } = new AccessTokenService('some-other-secret-that-is-long-enough-000', 900).issue(
        principal(),
      );
      expectProblem(await app.http.get('/api/users/me', { token: accessToken }), 401);
    });

    it('401 with a token whose claims were edited (roles raised to admin) after signing', async () => {
      const { accessToken } = new AccessTokenService(TEST_JWT_SECRET, 900).issue(principal());
      const [header, payload, signature] = accessToken.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['customer', 'admin'] })).toString('base64url');

      expectProblem(await app.http.get('/api/users/me', { token: `${header}.${forged}.${signature}` }), 401);
    });

    it('401 with an unsigned ("alg": "none") token', async () => {
      const { accessToken } = new AccessTokenService(TEST_JWT_SECRET, 900).issue(principal());
      const [, payload] = accessToken.split('.') as [string, string, string];
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');

      expectProblem(await app.http.get('/api/users/me', { token: `${none}.${payload}.` }), 401);
    });
  });

  it('never returns the password hash', async () => {
    const customer = await shop.registerCustomer();
    const response = await app.http.get('/api/users/me', { token: customer.token });
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.body)).not.toMatch(/password|hash|scrypt/i);
    expectNoLeak(response.body);
  });
});
