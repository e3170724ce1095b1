import { InvalidUserDataError } from './users.errors.js';

export const MIN_PASSWORD_LENGTH = 8;
/** Bounds the hashing work one request can cause. */
export const MAX_PASSWORD_LENGTH = 256;

export function assertAcceptablePassword(password: string): void {
  // Both bounds count characters (code points), as the messages say, not UTF-16 code units.
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new InvalidUserDataError('password', `must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new InvalidUserDataError('password', `must be at most ${MAX_PASSWORD_LENGTH} characters long`);
  }
}
