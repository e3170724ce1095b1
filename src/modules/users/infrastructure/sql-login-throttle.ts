import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../shared/config/index.js';
import { Transactions } from '../../../shared/database/transactions.js';
import { RateLimitedError } from '../../../shared/errors/index.js';
import { LoginThrottle } from '../application/login-throttle.js';

/**
 * Budgets, in multiples of LOGIN_MAX_FAILURES: one account from one address
 * gets the budget itself; one account from all addresses together ten times it
 * (so a guesser elsewhere cannot lock its owner out with a handful of tries,
 * yet guessing spread over many addresses is still bounded); one address over
 * all accounts five times it (many people may share one address).
 */
const ACCOUNT_BUDGET_FACTOR = 10;
const ADDRESS_BUDGET_FACTOR = 5;
/** Expired windows are deleted at most this often, by whichever sign-in comes along. */
const PRUNE_EVERY_MS = 60_000;

/** Adds one to the count of the key in parameter `key`, opening a new window of `seconds` when the last one has ended. */
const count = (key: string, seconds: string) => `
  INSERT INTO users.login_attempts AS a (key, attempts, window_ends_at)
  VALUES (${key}, 1, now() + make_interval(secs => ${seconds}))
  ON CONFLICT (key) DO UPDATE SET
    attempts = CASE WHEN a.window_ends_at <= now() THEN 1 ELSE a.attempts + 1 END,
    window_ends_at = CASE WHEN a.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE a.window_ends_at END
  RETURNING attempts, window_ends_at`;

/**
 * The throttle's counts in `users.login_attempts`, changed by atomic upserts,
 * so every process hosting users, and every restart, share one budget.
 */
@Injectable()
export class SqlLoginThrottle extends LoginThrottle {
  private readonly maxFailures: number;
  private readonly windowSeconds: number;
  private lastPrune = 0;

  constructor(
    private readonly db: Transactions,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.maxFailures = config.auth.loginMaxFailures;
    this.windowSeconds = config.auth.loginWindowSeconds;
  }

  async begin(email: string, ip: string): Promise<void> {
    this.pruneNowAndThen();
    const keys = [pairKey(email, ip), accountKey(email), addressKey(ip)];
    const rows = await this.db.query<{ key: string; attempts: number; retry_after: number }>(
      `WITH pair AS (${count('$1', '$4')}), account AS (${count('$2', '$4')}), address AS (${count('$3', '$4')})
       SELECT $1 AS key, attempts, ceil(extract(epoch FROM window_ends_at - now()))::int AS retry_after FROM pair
       UNION ALL SELECT $2, attempts, ceil(extract(epoch FROM window_ends_at - now()))::int FROM account
       UNION ALL SELECT $3, attempts, ceil(extract(epoch FROM window_ends_at - now()))::int FROM address`,
      [...keys, this.windowSeconds],
    );
    const budgets = new Map([
      [keys[0]!, this.maxFailures],
      [keys[1]!, this.maxFailures * ACCOUNT_BUDGET_FACTOR],
      [keys[2]!, this.maxFailures * ADDRESS_BUDGET_FACTOR],
    ]);
    const over = rows.filter((row) => row.attempts > budgets.get(row.key)!);
    if (over.length > 0) {
      // A refused attempt checks no password, so it is not a guess: every count gets it back
      // (else hammering a refused pair would lock the account out for everyone).
      await this.db.query('UPDATE users.login_attempts SET attempts = greatest(attempts - 1, 0) WHERE key = ANY($1::text[])', [keys]);
      throw new RateLimitedError('Too many failed sign-in attempts. Try again later.', Math.max(1, ...over.map((row) => row.retry_after)));
    }
  }

  async succeeded(email: string, ip: string): Promise<void> {
    await this.db.query(
      `WITH account AS (DELETE FROM users.login_attempts WHERE key = ANY($1::text[]))
       UPDATE users.login_attempts SET attempts = greatest(attempts - 1, 0) WHERE key = $2`,
      [[pairKey(email, ip), accountKey(email)], addressKey(ip)],
    );
  }

  private pruneNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    // Best effort: a failed prune only leaves expired rows for the next one.
    this.db.query('DELETE FROM users.login_attempts WHERE window_ends_at < now()').catch(() => undefined);
  }
}

const pairKey = (email: string, ip: string) => `email+ip:${email} ${ip}`;
const accountKey = (email: string) => `email:${email}`;
const addressKey = (ip: string) => `ip:${ip}`;
