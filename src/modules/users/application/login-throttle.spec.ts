import { RateLimitedError } from '../../../shared/errors/index.js';
import { LoginThrottle } from './login-throttle.js';

const T0 = 1_700_000_000_000;
const WINDOW_MS = 60_000;

function throttle(): LoginThrottle {
  return new LoginThrottle({ auth: { loginMaxFailures: 3, loginWindowSeconds: 60 } } as any);
}

function fail(t: LoginThrottle, times: number, email: string, ip: string, now = T0): void {
  for (let i = 0; i < times; i += 1) t.recordFailure(email, ip, now);
}

function rateLimited(fn: () => void): RateLimitedError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RateLimitedError);
    return error as RateLimitedError;
  }
  throw new Error('expected a RateLimitedError');
}

describe('LoginThrottle', () => {
  it('allows attempts before any failure', () => {
    expect(() => throttle().assertAllowed('a@x.io', '10.0.0.1', T0)).not.toThrow();
  });

  it('allows up to N-1 failures and blocks at N failures for one email', () => {
    const t = throttle();
    fail(t, 2, 'a@x.io', '10.0.0.1');
    expect(() => t.assertAllowed('a@x.io', '10.0.0.1', T0)).not.toThrow();
    t.recordFailure('a@x.io', '10.0.0.1', T0);
    expect(() => t.assertAllowed('a@x.io', '10.0.0.1', T0)).toThrow(RateLimitedError);
  });

  it('blocks the email from any address', () => {
    const t = throttle();
    t.recordFailure('a@x.io', '10.0.0.1', T0);
    t.recordFailure('a@x.io', '10.0.0.2', T0);
    t.recordFailure('a@x.io', '10.0.0.3', T0);
    expect(() => t.assertAllowed('a@x.io', '192.168.1.1', T0)).toThrow(RateLimitedError);
  });

  it('counts each email separately', () => {
    const t = throttle();
    fail(t, 3, 'a@x.io', '10.0.0.1');
    expect(() => t.assertAllowed('b@x.io', '10.0.0.9', T0)).not.toThrow();
  });

  it('gives each address a budget five times the per-email one', () => {
    const t = throttle();
    // 14 failures from one address, spread over emails that each stay under their own budget.
    for (let i = 0; i < 14; i += 1) t.recordFailure(`user${i}@x.io`, '10.0.0.1', T0);
    expect(() => t.assertAllowed('fresh@x.io', '10.0.0.1', T0)).not.toThrow();
    t.recordFailure('user14@x.io', '10.0.0.1', T0);
    expect(() => t.assertAllowed('fresh@x.io', '10.0.0.1', T0)).toThrow(RateLimitedError);
    expect(() => t.assertAllowed('fresh@x.io', '10.0.0.2', T0)).not.toThrow();
  });

  it('reports how long to wait, rounded up to whole seconds', () => {
    const t = throttle();
    fail(t, 3, 'a@x.io', '10.0.0.1');
    expect(rateLimited(() => t.assertAllowed('a@x.io', '10.0.0.1', T0)).retryAfterSeconds).toBe(60);
    expect(rateLimited(() => t.assertAllowed('a@x.io', '10.0.0.1', T0 + 30_000)).retryAfterSeconds).toBe(30);
    expect(rateLimited(() => t.assertAllowed('a@x.io', '10.0.0.1', T0 + 58_500)).retryAfterSeconds).toBe(2);
    expect(rateLimited(() => t.assertAllowed('a@x.io', '10.0.0.1', T0 + WINDOW_MS - 1)).retryAfterSeconds).toBe(1);
  });

  it('carries the rate-limited code and a message that does not say whether the account exists', () => {
    const t = throttle();
    fail(t, 3, 'a@x.io', '10.0.0.1');
    const error = rateLimited(() => t.assertAllowed('a@x.io', '10.0.0.1', T0));
    expect(error.code).toBe('rate-limited');
    expect(error.message).toBe('Too many failed sign-in attempts. Try again later.');
  });

  it('unblocks when the window ends', () => {
    const t = throttle();
    fail(t, 3, 'a@x.io', '10.0.0.1');
    expect(() => t.assertAllowed('a@x.io', '10.0.0.1', T0 + WINDOW_MS - 1)).toThrow(RateLimitedError);
    expect(() => t.assertAllowed('a@x.io', '10.0.0.1', T0 + WINDOW_MS)).not.toThrow();
  });

  it('measures the window from the first failure, not the latest', () => {
    const t = throttle();
    t.recordFailure('a@x.io', '10.0.0.1', T0);
    t.recordFailure('a@x.io', '10.0.0.1', T0 + 20_000);
    t.recordFailure('a@x.io', '10.0.0.1', T0 + 40_000);
    expect(rateLimited(() => t.assertAllowed('a@x.io', '10.0.0.1', T0 + 40_000)).retryAfterSeconds).toBe(20);
  });

  it('starts a fresh count after the window has ended', () => {
    const t = throttle();
    fail(t, 2, 'a@x.io', '10.0.0.1', T0);
    // The two old failures have expired; two new ones are under the budget.
    fail(t, 2, 'a@x.io', '10.0.0.1', T0 + WINDOW_MS);
    expect(() => t.assertAllowed('a@x.io', '10.0.0.1', T0 + WINDOW_MS)).not.toThrow();
    t.recordFailure('a@x.io', '10.0.0.1', T0 + WINDOW_MS);
    expect(rateLimited(() => t.assertAllowed('a@x.io', '10.0.0.1', T0 + WINDOW_MS)).retryAfterSeconds).toBe(60);
  });

  it('resets the email counter on success', () => {
    const t = throttle();
    fail(t, 3, 'a@x.io', '10.0.0.1');
    t.recordSuccess('a@x.io');
    expect(() => t.assertAllowed('a@x.io', '10.0.0.1', T0)).not.toThrow();
    fail(t, 2, 'a@x.io', '10.0.0.1');
    expect(() => t.assertAllowed('a@x.io', '10.0.0.1', T0)).not.toThrow();
  });

  it('does not reset the address counter on success', () => {
    const t = throttle();
    for (let i = 0; i < 15; i += 1) t.recordFailure(`user${i}@x.io`, '10.0.0.1', T0);
    t.recordSuccess('user0@x.io');
    expect(() => t.assertAllowed('user0@x.io', '10.0.0.1', T0)).toThrow(RateLimitedError);
  });

  it('uses the configured budget and window', () => {
    const t = new LoginThrottle({ auth: { loginMaxFailures: 1, loginWindowSeconds: 5 } } as any);
    t.recordFailure('a@x.io', '10.0.0.1', T0);
    expect(rateLimited(() => t.assertAllowed('a@x.io', '10.0.0.1', T0)).retryAfterSeconds).toBe(5);
    expect(() => t.assertAllowed('a@x.io', '10.0.0.1', T0 + 5_000)).not.toThrow();
  });
});
