import { randomBytes } from 'node:crypto';
import { moduleConnectionUrl } from '../../src/shared/database/module-database/module-role.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';
import { expectProblem } from './expect-problem.js';

/**
 * Sign-ups are counted per client address (REGISTRATION_MAX_PER_ADDRESS per
 * REGISTRATION_WINDOW_SECONDS). The app trusts X-Forwarded-For from loopback
 * here, so each test signs up from addresses of its own.
 */
const BUDGET = 3;
const WINDOW_SECONDS = 3_600;

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    REGISTRATION_MAX_PER_ADDRESS: String(BUDGET),
    REGISTRATION_WINDOW_SECONDS: String(WINDOW_SECONDS),
    TRUST_PROXY: 'loopback',
  });
});
afterAll(async () => {
  await app?.close();
});

const address = () => `10.${randomBytes(3).join('.')}`;
const email = () => `sign-up-${randomBytes(5).toString('hex')}@example.com`;
const signUp = (
  from: string,
  body: Record<string, unknown> = { email: email(), password: 'password-123', name: 'Someone' },
) => app.http.post('/api/users', body, { headers: { 'x-forwarded-for': from } });
const accountsWith = (addresses: readonly string[]) =>
  withClient(moduleConnectionUrl('users', app.database.url), async (client) =>
    Number(
      (await client.query('SELECT count(*) FROM users.users WHERE email = ANY($1::text[])', [addresses])).rows[0].count,
    ),
  );
/** Ends every open window of the address, as the passing of REGISTRATION_WINDOW_SECONDS would. */
const endWindow = (from: string) =>
  withClient(moduleConnectionUrl('users', app.database.url), (client) =>
    client.query(`UPDATE users.registration_attempts SET window_ends_at = now() - interval '1 second' WHERE key = $1`, [
      `ip:${from}`,
    ]),
  );

describe(`sign-up limit (REGISTRATION_MAX_PER_ADDRESS=${BUDGET})`, () => {
  it(`429 with Retry-After after ${BUDGET} sign-ups from one address; the refused one creates no account; other addresses sign up meanwhile`, async () => {
    const from = address();
    for (let attempt = 0; attempt < BUDGET; attempt++) expect((await signUp(from)).status).toBe(201);

    const refusedEmail = email();
    const refused = await signUp(from, { email: refusedEmail, password: 'password-123', name: 'Too Many' });
    const problem = expectProblem(refused, 429);
    expect(problem.detail).toMatch(/sign-ups/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(WINDOW_SECONDS - 60);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(await accountsWith([refusedEmail])).toBe(0);

    expect((await signUp(address())).status).toBe(201);
  });

  it('counts a sign-up refused because the email is taken (which would otherwise probe for accounts), but not a body refused by validation', async () => {
    const from = address();
    const taken = email();
    expect((await signUp(from, { email: taken, password: 'password-123', name: 'First' })).status).toBe(201);
    for (let attempt = 0; attempt < 5; attempt++)
      expectProblem(await signUp(from, { email: 'not-an-email', password: 'password-123', name: 'Bad' }), 400, [
        'email',
      ]);
    // Refused by the domain's rules rather than the request's shape: no more counted.
    for (let attempt = 0; attempt < 5; attempt++)
      expectProblem(await signUp(from, { email: email(), password: 'password-123', name: '   ' }), 400, ['name']);
    for (let attempt = 0; attempt < 5; attempt++)
      expectProblem(await signUp(from, { email: email(), password: 'short', name: 'Weak' }), 400, ['password']);
    for (let attempt = 1; attempt < BUDGET; attempt++)
      expectProblem(await signUp(from, { email: taken, password: 'password-123', name: 'Again' }), 409);
    expectProblem(await signUp(from, { email: taken, password: 'password-123', name: 'Again' }), 429);
  });

  it('refused sign-ups spend nothing: once the window ends the address has its whole budget again', async () => {
    const from = address();
    for (let attempt = 0; attempt < BUDGET; attempt++) expect((await signUp(from)).status).toBe(201);
    for (let attempt = 0; attempt < 10; attempt++) expectProblem(await signUp(from), 429);

    await endWindow(from);
    for (let attempt = 0; attempt < BUDGET; attempt++) expect((await signUp(from)).status).toBe(201);
    expectProblem(await signUp(from), 429);
  });

  it('counts one IPv6 /64 as one address, and an IPv4 address however it is spelled', async () => {
    const prefix = `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
    for (let host = 1; host <= BUDGET; host++) expect((await signUp(`${prefix}::${host}`)).status).toBe(201);
    expectProblem(await signUp(`${prefix.toUpperCase()}:0:0:0:ff`), 429);

    const v4 = address();
    for (let attempt = 0; attempt < BUDGET; attempt++) expect((await signUp(v4)).status).toBe(201);
    expectProblem(await signUp(`::ffff:${v4}`), 429);
  });

  it(`lets exactly ${BUDGET} of many concurrent sign-ups from one address through`, async () => {
    const from = address();
    const emails = Array.from({ length: 12 }, email);
    const statuses = (
      await Promise.all(emails.map((each) => signUp(from, { email: each, password: 'password-123', name: 'Racer' })))
    ).map((response) => response.status);

    expect(statuses.filter((status) => status === 201)).toHaveLength(BUDGET);
    expect(statuses.filter((status) => status === 429)).toHaveLength(emails.length - BUDGET);
    expect(await accountsWith(emails)).toBe(BUDGET);
  });
});
