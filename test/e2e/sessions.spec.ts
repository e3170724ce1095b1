import { moduleConnectionUrl } from '../../src/shared/database/module-role.js';
import { ShopActions } from '../support/shop-actions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';
import { expectProblem } from './expect-problem.js';

/** Sessions: the refresh token a sign-in returns, spent once per refresh, ended by logout or by reuse. */
let app: TestApp;
let shop: ShopActions;

beforeAll(async () => {
  app = await startTestApp({ REFRESH_TTL_SECONDS: '3600' });
  shop = new ShopActions(app.http);
});
afterAll(async () => {
  await app?.close();
});

interface Session {
  accessToken: string;
  refreshToken: string;
  refreshExpiresIn: number;
}

async function signIn(): Promise<{ customer: { id: string }; session: Session }> {
  const customer = await shop.registerCustomer();
  const response = await app.http.post('/api/auth/login', { email: customer.email, password: customer.password });
  expect(response.status).toBe(200);
  return { customer, session: response.body };
}
const refresh = (refreshToken: unknown) => app.http.post('/api/auth/refresh', { refreshToken });
const logout = (refreshToken: unknown) => app.http.post('/api/auth/logout', { refreshToken });
const me = (accessToken: string) => app.http.get('/api/users/me', { token: accessToken });

describe('POST /api/auth/refresh', () => {
  it('sign-in returns a refresh token with its lifetime; spending it gives a working access token and the next refresh token', async () => {
    const { customer, session } = await signIn();
    expect(session).toMatchObject({ refreshToken: expect.stringMatching(/^rt1\.[0-9a-f-]{36}\.[\w-]{43}$/), refreshExpiresIn: 3600 });

    const renewed = await refresh(session.refreshToken);
    expect(renewed.status).toBe(200);
    expect(renewed.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900, refreshToken: expect.any(String), refreshExpiresIn: 3600 });
    expect(renewed.body.refreshToken).not.toBe(session.refreshToken);
    expect((await me(renewed.body.accessToken)).body.id).toBe(customer.id);
    // …and the next one works in turn.
    expect((await refresh(renewed.body.refreshToken)).status).toBe(200);
  });

  it('a token spent twice ends its whole session: the reuse is refused, and so is the token issued in its place', async () => {
    const { session } = await signIn();
    const renewed = await refresh(session.refreshToken);
    expect(renewed.status).toBe(200);

    const replay = expectProblem(await refresh(session.refreshToken), 401);
    expect(replay.code).toBe('users.refresh-token-reused');
    const successor = expectProblem(await refresh(renewed.body.refreshToken), 401);
    expect(successor.code).toBe('users.invalid-refresh-token');
  });

  it('of concurrent refreshes with one token exactly one succeeds', async () => {
    const { session } = await signIn();
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => refresh(session.refreshToken)))).map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(4);
  });

  it('401 for an expired token', async () => {
    const { session } = await signIn();
    const id = session.refreshToken.split('.')[1];
    await withClient(moduleConnectionUrl('users', app.database.url), (client) =>
      client.query(`UPDATE users.refresh_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]),
    );
    expect(expectProblem(await refresh(session.refreshToken), 401).code).toBe('users.invalid-refresh-token');
  });

  it('401 for a token that is not ours: another secret for a real id, a made-up token, an access token', async () => {
    const { session } = await signIn();
    const [prefix, id, secret] = session.refreshToken.split('.') as [string, string, string];
    const forged = `${prefix}.${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const token of [forged, `rt1.${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}.${'A'.repeat(43)}`, 'nonsense', session.accessToken]) {
      expect(expectProblem(await refresh(token), 401).code).toBe('users.invalid-refresh-token');
    }
    // The forged attempt spent nothing: the real token still works.
    expect((await refresh(session.refreshToken)).status).toBe(200);
  });

  it('400 naming refreshToken when it is missing or not a string, and on unknown fields', async () => {
    expectProblem(await app.http.post('/api/auth/refresh', {}), 400, ['refreshToken']);
    expectProblem(await refresh(12345), 400, ['refreshToken']);
    expectProblem(await app.http.post('/api/auth/refresh', { refreshToken: 'x', userId: 'y' }), 400, ['userId']);
  });

  it('gives the access token the roles the account has now', async () => {
    const admin = await app.http.post('/api/auth/login', { email: 'admin@tessera.test', password: 'admin-password-1' });
    const renewed = await refresh(admin.body.refreshToken);
    expect((await me(renewed.body.accessToken)).body.roles).toContain('admin');
  });
});

describe('POST /api/auth/logout', () => {
  it('204, and the session can no longer be refreshed', async () => {
    const { session } = await signIn();
    const renewed = await refresh(session.refreshToken);

    const response = await logout(renewed.body.refreshToken);
    expect(response.status).toBe(204);
    expect(response.body).toBe('');
    expect(expectProblem(await refresh(renewed.body.refreshToken), 401).code).toBe('users.invalid-refresh-token');
  });

  it('ends only that session: another sign-in of the same account keeps working', async () => {
    const customer = await shop.registerCustomer();
    const [first, second] = await Promise.all([1, 2].map(() => app.http.post('/api/auth/login', { email: customer.email, password: customer.password })));
    expect((await logout(first!.body.refreshToken)).status).toBe(204);
    expect((await refresh(second!.body.refreshToken)).status).toBe(200);
  });

  it('204 for a token already ended, spent, or not ours (it says nothing about tokens)', async () => {
    const { session } = await signIn();
    expect((await logout(session.refreshToken)).status).toBe(204);
    expect((await logout(session.refreshToken)).status).toBe(204);
    expect((await logout('nonsense')).status).toBe(204);
  });

  it('400 naming refreshToken when it is missing', async () => {
    expectProblem(await app.http.post('/api/auth/logout', {}), 400, ['refreshToken']);
  });
});
