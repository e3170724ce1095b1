/**
 * Slows down password guessing: after too many failed sign-ins for one account
 * (or from one address) within the window, further attempts get 429 until the
 * window ends.
 *
 * An account's attempt is counted when it starts, before the password is
 * checked, so guesses sent concurrently are counted one by one instead of all
 * passing the check before the first failure is recorded; a successful
 * sign-in starts the account's count over. An address is counted on failure
 * only, so many people signing in at once behind one address are not refused.
 */
export abstract class LoginThrottle {
  /** Counts an attempt on the account; throws `RateLimitedError` when the account or the address is over its budget. */
  abstract begin(email: string, ip: string): Promise<void>;

  /** The password was wrong (or the account unknown): the address is charged too. */
  abstract failed(email: string, ip: string): Promise<void>;

  /** The attempt succeeded: the account's count starts over. */
  abstract succeeded(email: string): Promise<void>;
}
