import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../shared/config/index.js';
import { RateLimitedError } from '../../../shared/errors/index.js';

/** Per-IP budget is wider than per-account: many people may share one address. */
const IP_BUDGET_FACTOR = 5;
const MAX_TRACKED_KEYS = 100_000;

interface Window {
  failures: number;
  resetAt: number;
}

/**
 * Slows down password guessing: after too many failed logins for one account
 * (or from one address) within the window, further attempts get 429 until the
 * window ends. Counts are kept in this process; behind several instances each
 * keeps its own, which still bounds guessing per instance.
 */
@Injectable()
export class LoginThrottle {
  private readonly windows = new Map<string, Window>();
  private readonly maxFailures: number;
  private readonly windowMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxFailures = config.auth.loginMaxFailures;
    this.windowMs = config.auth.loginWindowSeconds * 1000;
  }

  assertAllowed(email: string, ip: string, now = Date.now()): void {
    const blockedUntil = Math.max(this.blockedUntil(`email:${email}`, this.maxFailures, now), this.blockedUntil(`ip:${ip}`, this.maxFailures * IP_BUDGET_FACTOR, now));
    if (blockedUntil > now) {
      throw new RateLimitedError('Too many failed sign-in attempts. Try again later.', Math.ceil((blockedUntil - now) / 1000));
    }
  }

  recordFailure(email: string, ip: string, now = Date.now()): void {
    this.increment(`email:${email}`, now);
    this.increment(`ip:${ip}`, now);
  }

  recordSuccess(email: string): void {
    this.windows.delete(`email:${email}`);
  }

  private blockedUntil(key: string, budget: number, now: number): number {
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) return 0;
    return window.failures >= budget ? window.resetAt : 0;
  }

  private increment(key: string, now: number): void {
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (this.windows.size >= MAX_TRACKED_KEYS) this.evictExpired(now);
      this.windows.set(key, { failures: 1, resetAt: now + this.windowMs });
    } else {
      window.failures += 1;
    }
  }

  private evictExpired(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    // Under a flood of distinct keys, forget the oldest rather than grow without bound.
    while (this.windows.size >= MAX_TRACKED_KEYS) this.windows.delete(this.windows.keys().next().value!);
  }
}
