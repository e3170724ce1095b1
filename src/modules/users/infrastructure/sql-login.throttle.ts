import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../shared/config/index.js';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { RateLimitedError } from '../../../shared/errors/index.js';
import { addressBucket } from '../../../shared/http/address-bucket.js';
import { LoginThrottle } from '../application/login.throttle.js';
import { AttemptWindows } from './attempt-windows.js';

/**
 * Budgets, in multiples of LOGIN_MAX_FAILURES: one account from one address
 * gets the budget itself; one account from all addresses together ten times it
 * (so a guesser elsewhere cannot lock its owner out with a handful of tries,
 * yet guessing spread over many addresses is still bounded); one address over
 * all accounts five times it (many people may share one address).
 */
const ACCOUNT_BUDGET_FACTOR = 10;
const ADDRESS_BUDGET_FACTOR = 5;

/** The throttle's counts in `users.login_attempts`. */
@Injectable()
export class SqlLoginThrottle extends LoginThrottle {
  private readonly maxFailures: number;
  private readonly windowSeconds: number;
  private readonly windows: AttemptWindows;

  constructor(db: Transactions, @Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.maxFailures = config.auth.loginMaxFailures;
    this.windowSeconds = config.auth.loginWindowSeconds;
    this.windows = new AttemptWindows(db, 'users.login_attempts');
  }

  async begin(email: string, ip: string): Promise<void> {
    const budgets = new Map([
      [pairKey(email, ip), this.maxFailures],
      [accountKey(email), this.maxFailures * ACCOUNT_BUDGET_FACTOR],
      [addressKey(ip), this.maxFailures * ADDRESS_BUDGET_FACTOR],
    ]);
    const keys = [...budgets.keys()];
    const counts = await this.windows.count(keys, this.windowSeconds);
    const over = [...counts].filter(([key, count]) => count.attempts > budgets.get(key)!);
    if (over.length > 0) {
      // A refused attempt checks no password, so it is not a guess: every count gets it back
      // (else hammering a refused pair would lock the account out for everyone).
      await this.windows.giveBack(keys);
      throw new RateLimitedError(
        'Too many failed sign-in attempts. Try again later.',
        Math.max(...over.map(([, count]) => count.retryAfterSeconds)),
      );
    }
  }

  async succeeded(email: string, ip: string): Promise<void> {
    await Promise.all([
      this.windows.forget([pairKey(email, ip), accountKey(email)]),
      this.windows.giveBack([addressKey(ip)]),
    ]);
  }
}

const pairKey = (email: string, ip: string) => `email+ip:${email} ${addressBucket(ip)}`;
const accountKey = (email: string) => `email:${email}`;
const addressKey = (ip: string) => `ip:${addressBucket(ip)}`;
