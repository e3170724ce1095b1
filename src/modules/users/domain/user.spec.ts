import { Email } from './email.js';
import { User } from './user.js';
import { InvalidUserDataError } from './users.errors.js';
import { thrownBy } from '../../../../test/support/thrown-by.js';

const T0 = new Date('2024-01-01T00:00:00.000Z');
const T1 = new Date('2024-01-02T00:00:00.000Z');

function register(overrides: Partial<Parameters<typeof User.register>[0]> = {}): User {
  return User.register({
    id: 'user-1',
    email: Email.parse('Alice@Example.com'),
    name: 'Alice',
    passwordHash: 'hash-1',
    now: T0,
    ...overrides,
  });
}

describe('User.register', () => {
  it('creates a customer by default with the normalised email and timestamps', () => {
    const user = register();
    expect(user.roles).toEqual(['customer']);
    expect(user.isAdmin()).toBe(false);
    expect(user.id).toBe('user-1');
    expect(user.email).toBe('alice@example.com');
    expect(user.passwordHash).toBe('hash-1');
    expect(user.createdAt).toBe(T0);
    expect(user.snapshot().updatedAt).toBe(T0);
  });

  it('uses the roles given', () => {
    const user = register({ roles: ['customer', 'admin'] });
    expect(user.roles).toEqual(['customer', 'admin']);
    expect(user.isAdmin()).toBe(true);
  });

  it('trims the name', () => {
    expect(register({ name: '  Alice Liddell \t' }).name).toBe('Alice Liddell');
  });

  it.each(['', '    ', '\n\t'])('refuses an empty name (%j)', (name) => {
    const error = thrownBy(() => register({ name }));
    expect(error).toBeInstanceOf(InvalidUserDataError);
    expect((error as InvalidUserDataError).fields).toEqual({ name: ['must not be empty'] });
  });

  it('counts the name in characters, not UTF-16 units', () => {
    expect(register({ name: '😀'.repeat(100) }).name).toBe('😀'.repeat(100));
    expect((thrownBy(() => register({ name: '😀'.repeat(101) })) as InvalidUserDataError).fields).toEqual({
      name: ['must be at most 100 characters long'],
    });
  });

  it('accepts a name of 100 characters and refuses 101', () => {
    expect(register({ name: 'n'.repeat(100) }).name).toHaveLength(100);
    const error = thrownBy(() => register({ name: 'n'.repeat(101) }));
    expect(error).toBeInstanceOf(InvalidUserDataError);
    expect((error as InvalidUserDataError).fields).toEqual({ name: ['must be at most 100 characters long'] });
  });

  it('measures the name length after trimming', () => {
    expect(register({ name: `  ${'n'.repeat(100)}  ` }).name).toBe('n'.repeat(100));
  });
});

describe('User.grantAdmin', () => {
  it('adds the admin role and bumps updatedAt', () => {
    const user = register();
    user.grantAdmin(T1);
    expect(user.roles).toEqual(['customer', 'admin']);
    expect(user.isAdmin()).toBe(true);
    expect(user.snapshot().updatedAt).toBe(T1);
    expect(user.createdAt).toBe(T0);
  });

  it('is idempotent: granting twice leaves one admin role and the first timestamp', () => {
    const user = register();
    user.grantAdmin(T1);
    const later = new Date('2024-02-01T00:00:00.000Z');
    user.grantAdmin(later);
    expect(user.roles).toEqual(['customer', 'admin']);
    expect(user.snapshot().updatedAt).toBe(T1);
  });

  it('does nothing for a user who is already an admin', () => {
    const user = register({ roles: ['admin'] });
    const before = user.snapshot();
    user.grantAdmin(T1);
    expect(user.snapshot()).toBe(before);
  });
});

describe('User.changePasswordHash', () => {
  it('replaces the hash and bumps updatedAt, leaving the rest alone', () => {
    const user = register();
    user.changePasswordHash('hash-2', T1);
    expect(user.passwordHash).toBe('hash-2');
    expect(user.snapshot()).toEqual({
      id: 'user-1',
      email: 'alice@example.com',
      name: 'Alice',
      passwordHash: 'hash-2',
      roles: ['customer'],
      createdAt: T0,
      updatedAt: T1,
    });
  });

  it('does not mutate a snapshot taken before the change', () => {
    const user = register();
    const before = user.snapshot();
    user.changePasswordHash('hash-2', T1);
    expect(before.passwordHash).toBe('hash-1');
  });
});

describe('User.restore', () => {
  it('rebuilds a user from its state without re-validating', () => {
    const state = {
      id: 'u',
      email: 'x@y.z',
      name: 'X',
      passwordHash: 'h',
      roles: ['admin'] as const,
      createdAt: T0,
      updatedAt: T1,
    };
    const user = User.restore({ ...state, roles: [...state.roles] });
    expect(user.isAdmin()).toBe(true);
    expect(user.snapshot()).toEqual({ ...state, roles: ['admin'] });
  });
});
