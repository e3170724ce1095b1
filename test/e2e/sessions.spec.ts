import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { moduleConnectionUrl } from '../../src/shared/database/module-database/module-role.js';
import { eventually } from '../support/eventually.js';
import { ShopActions } from '../support/shop-actions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';
import { expectProblem } from './expect-problem.js';

/** Sessions: the refresh token a sign-in returns, spent once per refresh, ended by logout or by reuse. */
let app: TestApp;
let shop: ShopActions;

beforeAll(async () => {
  app = await startTestApp({ REFRESH_TTL_SECONDS: '3600', REFRESH_SESSION_MAX_SECONDS: '7200' });
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
const asUsers = <T>(work: (client: Client) => Promise<T>) =>
  withClient(moduleConnectionUrl('users', app.database.url), work);
const familyOf = (refreshToken: string) =>
  asUsers(
    async (client) =>
      (await client.query('SELECT family_id FROM users.refresh_tokens WHERE id = $1', [refreshToken.split('.')[1]]))
        .rows[0].family_id as string,
  );

/**
 * Does, in a transaction left open, what a refresh of `spending` does (lock its row and its family for
 * share, mark it spent, add the next token): `during` runs while that refresh is in flight. Returns the
 * token that refresh issued, once it has committed.
 */
async function whileARefreshIsInFlight(spending: string, during: () => Promise<void>): Promise<string> {
  const client = new Client({ connectionString: moduleConnectionUrl('users', app.database.url) });
  await client.connect();
  try {
    const [id, familyId] = [spending.split('.')[1], await familyOf(spending)];
    const [nextId, secret] = [randomUUID(), randomBytes(32).toString('base64url')];
    await client.query('BEGIN');
    await client.query('SELECT 1 FROM users.refresh_tokens WHERE id = $1 FOR UPDATE', [id]);
    await client.query('SELECT 1 FROM users.refresh_families WHERE id = $1 FOR SHARE', [familyId]);
    await client.query('UPDATE users.refresh_tokens SET used_at = now() WHERE id = $1', [id]);
    await client.query(
      `INSERT INTO users.refresh_tokens (id, family_id, user_id, secret_hash, expires_at)
       SELECT $1, family_id, user_id, $2, now() + interval '1 hour' FROM users.refresh_tokens WHERE id = $3`,
      [nextId, createHash('sha256').update(secret).digest('hex'), id],
    );
    const meanwhile = during();
    // Commit only once the request waits on a lock this transaction holds: then it really raced the refresh in flight.
    await eventually(
      () =>
        withClient(
          app.database.url,
          async (owner) =>
            (
              await owner.query(
                `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
              )
            ).rows[0].n as number,
        ),
      (waiting) => waiting > 0,
    );
    await client.query('COMMIT');
    await meanwhile;
    return `rt1.${nextId}.${secret}`;
  } finally {
    await client.end();
  }
}

describe('POST /api/auth/refresh', () => {
  it('sign-in returns a refresh token with its lifetime; spending it gives a working access token and the next refresh token', async () => {
    const { customer, session } = await signIn();
    expect(session).toMatchObject({
      refreshToken: expect.stringMatching(/^rt1\.[0-9a-f-]{36}\.[\w-]{43}$/),
      refreshExpiresIn: 3600,
    });

    const renewed = await refresh(session.refreshToken);
    expect(renewed.status).toBe(200);
    expect(renewed.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.any(String),
      refreshExpiresIn: 3600,
    });
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
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => refresh(session.refreshToken)))).map(
      (response) => response.status,
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(4);
  });

  it('a reuse detected while another refresh of the session is in flight also ends the token that refresh issues', async () => {
    const { session } = await signIn();
    const second = (await refresh(session.refreshToken)).body.refreshToken as string;
    let reuse: Awaited<ReturnType<typeof refresh>> | undefined;
    const issuedMeanwhile = await whileARefreshIsInFlight(second, async () => {
      reuse = await refresh(session.refreshToken);
    });
    expect(expectProblem(reuse!, 401).code).toBe('users.refresh-token-reused');
    expect(expectProblem(await refresh(issuedMeanwhile), 401).code).toBe('users.invalid-refresh-token');
  });

  it("never lasts past the session's end (REFRESH_SESSION_MAX_SECONDS from sign-in), however often it is refreshed", async () => {
    const { session } = await signIn();
    expect(session.refreshExpiresIn).toBe(3600); // REFRESH_TTL_SECONDS, well inside the session's 7200
    const familyId = await familyOf(session.refreshToken);
    const endSessionIn = (interval: string) =>
      asUsers((client) =>
        client.query(`UPDATE users.refresh_families SET expires_at = now() + $2::interval WHERE id = $1`, [
          familyId,
          interval,
        ]),
      );

    await endSessionIn('10 seconds');
    const renewed = await refresh(session.refreshToken);
    expect(renewed.status).toBe(200);
    expect(renewed.body.refreshExpiresIn).toBeLessThanOrEqual(10);

    await endSessionIn('-1 second');
    expect(expectProblem(await refresh(renewed.body.refreshToken), 401).code).toBe('users.invalid-refresh-token');
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
    for (const token of [
      forged,
      `rt1.${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}.${'A'.repeat(43)}`,
      'nonsense',
      session.accessToken,
    ]) {
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

  it('gives the new access token the roles the account has now, not those it had at sign-in', async () => {
    const { customer, session } = await signIn();
    const setRoles = (roles: string[]) =>
      asUsers((client) => client.query('UPDATE users.users SET roles = $2 WHERE id = $1', [customer.id, roles]));
    expect((await app.http.get('/api/admin/orders', { token: session.accessToken })).status).toBe(403);

    await setRoles(['customer', 'admin']);
    const promoted = await refresh(session.refreshToken);
    expect((await app.http.get('/api/admin/orders', { token: promoted.body.accessToken })).status).toBe(200);

    await setRoles(['customer']);
    const demoted = await refresh(promoted.body.refreshToken);
    expect((await app.http.get('/api/admin/orders', { token: demoted.body.accessToken })).status).toBe(403);
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

  it('a logout while a refresh of the session is in flight also ends the token that refresh issues', async () => {
    const { session } = await signIn();
    const second = (await refresh(session.refreshToken)).body.refreshToken as string;
    const issuedMeanwhile = await whileARefreshIsInFlight(second, async () => {
      expect((await logout(session.refreshToken)).status).toBe(204);
    });
    expect(expectProblem(await refresh(issuedMeanwhile), 401).code).toBe('users.invalid-refresh-token');
  });

  it('ends only that session: another sign-in of the same account keeps working', async () => {
    const customer = await shop.registerCustomer();
    const [first, second] = await Promise.all(
      [1, 2].map(() => app.http.post('/api/auth/login', { email: customer.email, password: customer.password })),
    );
    expect((await logout(first.body.refreshToken)).status).toBe(204);
    expect((await refresh(second.body.refreshToken)).status).toBe(200);
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
