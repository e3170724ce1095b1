import { assertAcceptablePassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-policy.js';
import { InvalidUserDataError } from './users.errors.js';

function fieldsOf(fn: () => void): Record<string, string[]> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidUserDataError);
    return (error as InvalidUserDataError).fields;
  }
  throw new Error('expected the password to be refused');
}

describe('assertAcceptablePassword', () => {
  it('uses 8 and 256 as the bounds', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(8);
    expect(MAX_PASSWORD_LENGTH).toBe(256);
  });

  it('accepts a password of exactly 8 characters', () => {
    expect(() => assertAcceptablePassword('12345678')).not.toThrow();
  });

  it('refuses a password of 7 characters, naming the password field', () => {
    expect(fieldsOf(() => assertAcceptablePassword('1234567'))).toEqual({
      password: ['must be at least 8 characters long'],
    });
  });

  it('refuses the empty password', () => {
    expect(() => assertAcceptablePassword('')).toThrow(InvalidUserDataError);
  });

  it('counts characters, not UTF-16 code units: 4 emoji are too short even though they are 8 code units', () => {
    const fourEmoji = '😀😁😂🤣';
    expect(fourEmoji.length).toBe(8);
    expect(() => assertAcceptablePassword(fourEmoji)).toThrow(InvalidUserDataError);
  });

  it('accepts 8 emoji', () => {
    expect(() => assertAcceptablePassword('😀'.repeat(8))).not.toThrow();
  });

  it('accepts 8 accented letters', () => {
    expect(() => assertAcceptablePassword('éàüöçñøå')).not.toThrow();
  });

  it('accepts a password of exactly 256 characters', () => {
    expect(() => assertAcceptablePassword('x'.repeat(256))).not.toThrow();
  });

  it('refuses a password of 257 characters', () => {
    expect(fieldsOf(() => assertAcceptablePassword('x'.repeat(257)))).toEqual({
      password: ['must be at most 256 characters long'],
    });
  });

  it('applies the maximum in characters too: 200 emoji (400 code units) are accepted', () => {
    expect(() => assertAcceptablePassword('😀'.repeat(200))).not.toThrow();
  });

  it('refuses 257 emoji', () => {
    expect(() => assertAcceptablePassword('😀'.repeat(257))).toThrow(InvalidUserDataError);
  });
});
