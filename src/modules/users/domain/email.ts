import { InvalidUserDataError } from './users.errors.js';

// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is proven by mail, not by regex.
const SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_LENGTH = 254;
/** Control and format characters (zero-width spaces and joiners, direction marks): invisible, so look-alike addresses. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

/**
 * An email address, normalised (NFKC, trimmed, lower-cased) so that lookups
 * and uniqueness agree, also for addresses that only look different
 * (`ﬁ@example.com` and `fi@example.com`, full-width letters).
 */
export class Email {
  private constructor(readonly value: string) {}

  /** The form addresses are stored and looked up in; also for sign-in, where a bad address is just unknown. */
  static normalise(raw: string): string {
    return raw.normalize('NFKC').trim().toLowerCase();
  }

  static parse(raw: string): Email {
    const value = Email.normalise(raw);
    if (value.length > MAX_LENGTH || !SHAPE.test(value) || INVISIBLE.test(value)) {
      throw new InvalidUserDataError('email', 'must be a valid email address');
    }
    return new Email(value);
  }

  toString(): string {
    return this.value;
  }
}
