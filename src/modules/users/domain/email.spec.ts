import { Email } from './email.js';
import { InvalidUserDataError } from './users.errors.js';

describe('Email.parse', () => {
  it('trims surrounding whitespace and lower-cases the address', () => {
    const email = Email.parse('  Alice.Smith@Example.COM \n');
    expect(email.value).toBe('alice.smith@example.com');
    expect(email.toString()).toBe('alice.smith@example.com');
  });

  it('makes differently-cased spellings of one address equal', () => {
    expect(Email.parse('BOB@shop.io').value).toBe(Email.parse('bob@SHOP.io').value);
  });

  it('folds addresses that only look different (NFKC) into one', () => {
    expect(Email.parse('\ufb01@example.com').value).toBe('fi@example.com');
    expect(Email.parse('\uff21\uff22\uff23@example.com').value).toBe('abc@example.com');
    expect(Email.normalise(' \uff21lice@Example.com')).toBe('alice@example.com');
  });

  it.each([
    ['a zero-width space', 'ad\u200bmin@example.com'],
    ['a right-to-left mark', 'admin\u200f@example.com'],
    ['a control character', 'ad\u0007min@example.com'],
  ])('rejects an address hiding %s', (_label, raw) => {
    expect(() => Email.parse(raw)).toThrow(InvalidUserDataError);
  });

  it('accepts plus-addressing and sub-domains', () => {
    expect(Email.parse('a+tag@mail.sub.example.org').value).toBe('a+tag@mail.sub.example.org');
  });

  it.each([
    ['empty', ''],
    ['whitespace only', '   '],
    ['no @', 'alice.example.com'],
    ['two @', 'alice@bob@example.com'],
    ['nothing before @', '@example.com'],
    ['no dot in the domain', 'alice@localhost'],
    ['nothing after the last dot', 'alice@example.'],
    ['a space inside', 'ali ce@example.com'],
    ['a space in the domain', 'alice@exa mple.com'],
  ])('rejects an address with %s', (_label, raw) => {
    expect(() => Email.parse(raw)).toThrow(InvalidUserDataError);
  });

  it('reports the problem against the email field', () => {
    let caught: unknown;
    try {
      Email.parse('not-an-email');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidUserDataError);
    const error = caught as InvalidUserDataError;
    expect(error.code).toBe('users.invalid');
    expect(Object.keys(error.fields)).toEqual(['email']);
    expect(error.fields.email).toEqual(['must be a valid email address']);
  });

  it('accepts an address of exactly 254 characters', () => {
    const raw = `${'a'.repeat(254 - '@example.com'.length)}@example.com`;
    expect(raw).toHaveLength(254);
    expect(Email.parse(raw).value).toBe(raw);
  });

  it('rejects an address of 255 characters', () => {
    const raw = `${'a'.repeat(255 - '@example.com'.length)}@example.com`;
    expect(raw).toHaveLength(255);
    expect(() => Email.parse(raw)).toThrow(InvalidUserDataError);
  });

  it('measures the length after trimming', () => {
    const core = `${'a'.repeat(254 - '@example.com'.length)}@example.com`;
    expect(Email.parse(`   ${core}   `).value).toBe(core);
  });
});
