import { ValidationError } from '../errors/index.js';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The optional `Idempotency-Key` header: 1-255 visible ASCII characters. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !KEY.test(header)) {
    throw new ValidationError('Idempotency-Key must be 1-255 visible ASCII characters.', {
      'Idempotency-Key': ['must be 1-255 visible ASCII characters, sent once'],
    });
  }
  return header;
}
