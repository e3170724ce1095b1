import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../shared/config/index.js';
import { Transactions } from '../../../shared/database/transactions.js';
import { RateLimitedError } from '../../../shared/errors/index.js';
import { LoginThrottle } from '../application/login-throttle.js';

/** Per-address budget is wider than per-account: many people may share one address. */
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
    const [row] = await this.db.query<{ account_attempts: number; account_retry: number; address_attempts: number; address_retry: number }>(
      `WITH account AS (${count('$1', '$3')}), address AS (${count('$2', '$3')})
       SELECT account.attempts AS account_attempts, ceil(extract(epoch FROM account.window_ends_at - now()))::int AS account_retry,
              address.attempts AS address_attempts, ceil(extract(epoch FROM address.window_ends_at - now()))::int AS address_retry
         FROM account, address`,
      [accountKey(email), addressKey(ip), this.windowSeconds],
    );
    const retryAfter: number[] = [];
    if (row!.account_attempts > this.maxFailures) retryAfter.push(row!.account_retry);
    if (row!.address_attempts > this.maxFailures * ADDRESS_BUDGET_FACTOR) retryAfter.push(row!.address_retry);
    if (retryAfter.length > 0) {
      // A refused attempt checks no password, so it is not a guess: the address gets it back.
      await this.db.query('UPDATE users.login_attempts SET attempts = greatest(attempts - 1, 0) WHERE key = $1', [addressKey(ip)]);
      throw new RateLimitedError('Too many failed sign-in attempts. Try again later.', Math.max(1, ...retryAfter));
    }
  }

  async succeeded(email: string, ip: string): Promise<void> {
    await this.db.query(
      `WITH account AS (DELETE FROM users.login_attempts WHERE key = $1)
       UPDATE users.login_attempts SET attempts = greatest(attempts - 1, 0) WHERE key = $2`,
      [accountKey(email), addressKey(ip)],
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

const accountKey = (email: string) => `email:${email}`;
const addressKey = (ip: string) => `ip:${ip}`;
