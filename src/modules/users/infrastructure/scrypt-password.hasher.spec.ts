import { ScryptPasswordHasher } from './scrypt-password.hasher.js';

describe('ScryptPasswordHasher', () => {
  const hasher = new ScryptPasswordHasher();

  it('verifies a password against its own hash', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    await expect(hasher.verify('correct horse battery staple', hash)).resolves.toBe(true);
  });

  it('stores the scheme and parameters with the hash', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    const parts = hash.split('$');
    expect(parts).toHaveLength(6);
    expect(parts.slice(0, 4)).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(parts[4], 'base64url')).toHaveLength(16);
    expect(Buffer.from(parts[5], 'base64url')).toHaveLength(64);
    expect(hash).not.toContain('correct horse');
  });

  it('refuses a wrong password', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    await expect(hasher.verify('correct horse battery stapler', hash)).resolves.toBe(false);
    await expect(hasher.verify('', hash)).resolves.toBe(false);
    await expect(hasher.verify('Correct horse battery staple', hash)).resolves.toBe(false);
  });

  it('salts every hash: two hashes of one password differ and both verify', async () => {
    const first = await hasher.hash('same password');
    const second = await hasher.hash('same password');
    expect(first).not.toBe(second);
    await expect(hasher.verify('same password', first)).resolves.toBe(true);
    await expect(hasher.verify('same password', second)).resolves.toBe(true);
  });

  it('normalises unicode, so composed and decomposed spellings match', async () => {
    const composed = 'caf\u00e9-password';
    const decomposed = 'cafe\u0301-password';
    const hash = await hasher.hash(composed);
    await expect(hasher.verify(decomposed, hash)).resolves.toBe(true);
  });

  it('honours the parameters stored with a hash', async () => {
    const hash = await hasher.hash('p4ssword!');
    const [, , , , salt, key] = hash.split('$');
    // Same salt and key but a different cost: a different derivation, so it must not match.
    await expect(hasher.verify('p4ssword!', ['scrypt', 1024, 8, 1, salt, key].join('$'))).resolves.toBe(false);
  });

  it.each([
    ['empty', ''],
    ['another scheme', 'bcrypt$2b$10$abcdefghijklmnopqrstuv'],
    ['too few parts', 'scrypt$16384$8$1$c2FsdA'],
    ['an empty key', 'scrypt$16384$8$1$c2FsdA$'],
    ['a key that decodes to nothing', 'scrypt$16384$8$1$c2FsdA$!!!'],
    ['a non-numeric cost', 'scrypt$abc$8$1$c2FsdA$AAAAAAAAAAAAAAAAAAAAAA'],
    ['a cost that is not a power of two', 'scrypt$3$8$1$c2FsdA$AAAAAAAAAAAAAAAAAAAAAA'],
    ['a zero block size', 'scrypt$16384$0$1$c2FsdA$AAAAAAAAAAAAAAAAAAAAAA'],
  ])('returns false (does not throw) for a stored hash with %s', async (_label, stored) => {
    await expect(hasher.verify('any password at all', stored)).resolves.toBe(false);
  });
});
