import { randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../../shared/config/index.js';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { moduleConnectionUrl } from '../../../shared/database/module-database/module-role.js';
import { RateLimitedError } from '../../../shared/errors/index.js';
import { startTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { withClient } from '../../../../test/support/test-database.js';
import { LoginThrottle } from '../application/login.throttle.js';
import { UsersModule } from '../users.module.js';
import { SqlLoginThrottle } from './sql-login.throttle.js';

const MAX_FAILURES = 3;
const WINDOW_SECONDS = 600;

/** The sign-in throttle on a real database: its counts, their windows, and concurrent guesses. */
describe('SqlLoginThrottle', () => {
  let app: TestApp;
  let throttle: LoginThrottle;

  beforeAll(async () => {
    app = await startTestApp(
      { LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS) },
      { modules: [UsersModule.forRoot()] },
    );
    throttle = app.running.app.get(LoginThrottle);
  });
  afterAll(async () => {
    await app?.close();
  });

  const email = () => `throttle-${randomBytes(4).toString('hex')}@example.com`;
  const address = () => `10.${randomBytes(3).join('.')}`;
  const refusal = (attempt: Promise<void>) =>
    attempt.then(
      () => undefined,
      (error: unknown) => {
        expect(error).toBeInstanceOf(RateLimitedError);
        return error as RateLimitedError;
      },
    );
  /** A wrong password: the attempt is counted when it begins, and nothing gives it back. */
  const fail = (account: string, ip: string) => throttle.begin(account, ip);

  it(`refuses the attempt after ${MAX_FAILURES} failures on one account from one address, until its window ends; the owner elsewhere is not locked out`, async () => {
    const account = email();
    const guesser = address();
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) await fail(account, guesser);
    const refused = await refusal(throttle.begin(account, guesser));
    expect(refused?.retryAfterSeconds).toBeGreaterThan(WINDOW_SECONDS - 10);
    expect(refused?.retryAfterSeconds).toBeLessThanOrEqual(WINDOW_SECONDS);
    // Hammering the refused pair spends nothing: the account's owner, from elsewhere, still signs in.
    for (let attempt = 0; attempt < 50; attempt++) await refusal(throttle.begin(account, guesser));
    await expect(throttle.begin(account, address())).resolves.toBeUndefined();

    // The window ends: the pair starts over.
    await withClient(moduleConnectionUrl('users', app.database.url), (client) =>
      client.query(`UPDATE users.login_attempts SET window_ends_at = now() - interval '1 second' WHERE key LIKE $1`, [
        `%${account}%`,
      ]),
    );
    await expect(throttle.begin(account, guesser)).resolves.toBeUndefined();
  });

  it(`bounds guessing one account from many addresses too, at ${10 * MAX_FAILURES} attempts`, async () => {
    const account = email();
    for (let attempt = 0; attempt < 10 * MAX_FAILURES; attempt++) await fail(account, address());
    await refusal(throttle.begin(account, address())).then((refused) =>
      expect(refused).toBeInstanceOf(RateLimitedError),
    );
  });

  it('counts concurrent guesses one by one: exactly the budget gets through, from one address and from many', async () => {
    const account = email();
    const guesser = address();
    const fromOne = await Promise.all(Array.from({ length: 20 }, () => refusal(throttle.begin(account, guesser))));
    expect(fromOne.filter((outcome) => outcome === undefined)).toHaveLength(MAX_FAILURES);
    const other = email();
    const fromMany = await Promise.all(
      Array.from({ length: 10 * MAX_FAILURES + 10 }, () => refusal(throttle.begin(other, address()))),
    );
    expect(fromMany.filter((outcome) => outcome === undefined)).toHaveLength(10 * MAX_FAILURES);
  });

  it('starts the account over after a success', async () => {
    const account = email();
    const ip = address();
    for (let attempt = 1; attempt < MAX_FAILURES; attempt++) await fail(account, ip);
    await throttle.begin(account, ip);
    await throttle.succeeded(account, ip);
    for (let attempt = 1; attempt < MAX_FAILURES; attempt++) await fail(account, ip);
    await expect(throttle.begin(account, ip)).resolves.toBeUndefined();
  });

  it('charges an address for every attempt in flight, with a budget five times the account one, and refunds successes', async () => {
    const ip = address();
    const budget = 5 * MAX_FAILURES;
    // Sign-ins behind one address that succeed give their attempts back: the address can go on signing people in...
    for (let round = 0; round < 3; round++) {
      const accounts = Array.from({ length: budget }, email);
      await Promise.all(accounts.map((account) => throttle.begin(account, ip)));
      await Promise.all(accounts.map((account) => throttle.succeeded(account, ip)));
    }
    // ...but guesses sprayed over many accounts at once get exactly the address's budget through,
    const sprayed = await Promise.all(Array.from({ length: budget + 10 }, () => refusal(throttle.begin(email(), ip))));
    expect(sprayed.filter((outcome) => outcome === undefined)).toHaveLength(budget);
    // and once it is spent, the address is refused whatever the account; other addresses are not.
    await refusal(throttle.begin(email(), ip)).then((refused) => expect(refused).toBeInstanceOf(RateLimitedError));
    await expect(throttle.begin(email(), address())).resolves.toBeUndefined();
  });

  it('shares its counts with every other process of the deployment', async () => {
    const account = email();
    const guesser = address();
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) await fail(account, guesser);
    // Another process hosting users: another instance over the same database.
    const elsewhere = new SqlLoginThrottle(
      app.running.app.get(Transactions, { strict: false }),
      app.running.app.get<AppConfig>(APP_CONFIG),
    );
    await refusal(elsewhere.begin(account, guesser)).then((refused) =>
      expect(refused).toBeInstanceOf(RateLimitedError),
    );
  });

  it('refuses 17 of 20 concurrent wrong passwords over HTTP (the classic bypass of a check-then-count throttle)', async () => {
    const account = email();
    expect(
      (await app.http.post('/api/users', { email: account, password: 'right-password-1', name: 'Target' })).status,
    ).toBe(201);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, guess) =>
        app.http
          .post('/api/auth/login', { email: account, password: `guess-${guess}-password` })
          .then((response) => response.status),
      ),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(MAX_FAILURES);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20 - MAX_FAILURES);
  });
});
