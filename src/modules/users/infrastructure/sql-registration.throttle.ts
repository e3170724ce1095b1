import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../shared/config/index.js';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { RateLimitedError } from '../../../shared/errors/index.js';
import { addressBucket } from '../../../shared/http/address-bucket.js';
import { RegistrationThrottle } from '../application/registration.throttle.js';
import { AttemptWindows } from './attempt-windows.js';

/** The sign-up budget per address, counted in `users.registration_attempts`. */
@Injectable()
export class SqlRegistrationThrottle extends RegistrationThrottle {
  private readonly budget: number;
  private readonly windowSeconds: number;
  private readonly windows: AttemptWindows;

  constructor(db: Transactions, @Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.budget = config.auth.registrationMaxPerAddress;
    this.windowSeconds = config.auth.registrationWindowSeconds;
    this.windows = new AttemptWindows(db, 'users.registration_attempts');
  }

  async begin(ip: string): Promise<void> {
    const key = `ip:${addressBucket(ip)}`;
    const count = (await this.windows.count([key], this.windowSeconds)).get(key)!;
    if (count.attempts > this.budget) {
      // A refused attempt creates nothing, so it spends nothing: the count stays at the budget.
      await this.windows.giveBack([key]);
      throw new RateLimitedError('Too many sign-ups from this address. Try again later.', count.retryAfterSeconds);
    }
  }
}
