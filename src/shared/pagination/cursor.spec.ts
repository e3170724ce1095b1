import { ValidationError } from '../errors/application.errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';

function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('cursor', () => {
  it('round-trips an id', () => {
    const id = '01890a5d-ac96-774b-bcce-b302099a8057';
    expect(decodeCursor(encodeCursor(id))).toBe(id);
  });

  it('produces an opaque, URL-safe string that does not show the id', () => {
    const id = '01890a5d-ac96-774b-bcce-b302099a8057';
    const cursor = encodeCursor(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(id);
  });

  it.each([
    ['garbage', 'not-a-cursor!!'],
    ['empty', ''],
    ['a bare id', '01890a5d-ac96-774b-bcce-b302099a8057'],
    ['another version', Buffer.from('v2:abc').toString('base64url')],
  ])('rejects %s with a ValidationError on the cursor field', (_label, cursor) => {
    const error = validationError(() => decodeCursor(cursor));
    expect(error.fields).toEqual({ cursor: ['is not a cursor this API returned'] });
  });

  it('rejects a real cursor with anything added (which a lenient decoder would skip)', () => {
    const cursor = encodeCursor('01890a5d-ac96-774b-bcce-b302099a8057');
    for (const tampered of [
      `${cursor}!!!`,
      `${cursor}==`,
      ` ${cursor}`,
      `${cursor.slice(0, 10)}.${cursor.slice(10)}`,
    ]) {
      expect(() => decodeCursor(tampered)).toThrow(ValidationError);
    }
  });

  it.each(['zzz', '', 'x'.repeat(98), "01890a5d-ac96-774b-bcce-b302099a8057' OR 1=1"])(
    'rejects a well-formed cursor around %p, which is not an id',
    (id) => {
      expect(() => decodeCursor(encodeCursor(id))).toThrow(ValidationError);
    },
  );
});
