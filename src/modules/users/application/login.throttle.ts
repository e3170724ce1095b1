/**
 * Slows down password guessing: after too many failed sign-ins for one account
 * from one address (or for one account from everywhere, or from one address
 * over all accounts) within the window, further attempts get 429 until the
 * window ends.
 *
 * An attempt is counted when it starts, on the account and on the address,
 * before the password is checked, so guesses sent concurrently are counted one
 * by one instead of all passing the check before the first failure is
 * recorded. A successful sign-in starts the account's count over and gives the
 * address its attempt back, so many people signing in behind one address only
 * share the budget while their sign-ins are in flight.
 */
export abstract class LoginThrottle {
  /** Counts an attempt; throws `RateLimitedError` when the account or the address is over its budget. */
  abstract begin(email: string, ip: string): Promise<void>;

  /** The attempt succeeded: the account's count starts over and the address gets its attempt back. */
  abstract succeeded(email: string, ip: string): Promise<void>;
}
