import { InvalidUserDataError } from './users.errors.js';

// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is proven by mail, not by regex.
const SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_LENGTH = 254;

/** An email address, normalised (trimmed, lower-cased) so that lookups and uniqueness agree. */
export class Email {
  private constructor(readonly value: string) {}

  static parse(raw: string): Email {
    const value = raw.trim().toLowerCase();
    if (value.length > MAX_LENGTH || !SHAPE.test(value)) {
      throw new InvalidUserDataError('email', 'must be a valid email address');
    }
    return new Email(value);
  }

  toString(): string {
    return this.value;
  }
}
