/**
 * Bounds sign-ups from one address: each costs a deliberately slow password
 * hash and creates an account, so an address gets REGISTRATION_MAX_PER_ADDRESS
 * attempts per window and 429 after that. Every attempt that reaches the
 * handler counts, including one refused because the email is taken, so the
 * budget also bounds probing which addresses have accounts.
 */
export abstract class RegistrationThrottle {
  /** Counts an attempt; throws `RateLimitedError` when the address is over its budget. */
  abstract begin(ip: string): Promise<void>;
}
