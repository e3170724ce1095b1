import { createHmac } from 'node:crypto';
import { jest } from '@jest/globals';
import { UnauthorizedError } from '../errors/application.errors.js';
import { AccessTokenService, InvalidTokenError } from './access-token.service.js';
import type { Principal } from './principal.js';

const SECRET = 'a-test-secret-that-is-long-enough-1234';
const TTL = 900;
const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
const ALICE: Principal = {
  userId: '0190b1e2-7c4a-7def-8abc-0123456789ab',
  email: 'alice@example.com',
  roles: ['customer'],
};
/** Alice as a token issued at T0 proves her: with the moment it expires. */
const ALICE_VERIFIED: Principal = { ...ALICE, expiresAt: new Date(T0 + TTL * 1000) };

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');
const HEADER = b64({ alg: 'HS256', typ: 'JWT' });

/** Signs arbitrary claims the way the service does, to reach the checks that follow the signature. */
function forge(claims: Record<string, unknown>, secret = SECRET, header = HEADER): string {
  const unsigned = `${header}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

function validClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(T0 / 1000);
  return {
    iss: 'tessera',
    aud: 'tessera-api',
    sub: ALICE.userId,
    email: 'alice@example.com',
    roles: ['customer'],
    iat,
    exp: iat + TTL,
    jti: 'j',
    ...overrides,
  };
}

/** A service whose clock reads `nowMs` (fast-jwt verifies against Date.now, so the clock is faked). */
function serviceAt(nowMs: number, secret = SECRET): AccessTokenService {
  jest.setSystemTime(nowMs);
  return new AccessTokenService(secret, TTL);
}

function rejection(service: AccessTokenService, token: string): InvalidTokenError {
  try {
    service.verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTokenError);
    return error as InvalidTokenError;
  }
  throw new Error('expected the token to be rejected');
}

describe('AccessTokenService', () => {
  beforeEach(() => jest.useFakeTimers({ now: T0 }));
  afterEach(() => jest.useRealTimers());

  it('issues a token that verifies back to the same principal', () => {
    const service = serviceAt(T0);
    const issued = service.issue({ ...ALICE, roles: ['customer', 'admin'] });
    expect(issued.expiresIn).toBe(TTL);
    expect(issued.accessToken.split('.')).toHaveLength(3);
    expect(service.verify(issued.accessToken)).toEqual({ ...ALICE_VERIFIED, roles: ['customer', 'admin'] });
  });

  it('puts the standard claims in the payload', () => {
    const { accessToken } = serviceAt(T0).issue(ALICE);
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8'));
    expect(claims).toMatchObject({
      iss: 'tessera',
      aud: 'tessera-api',
      sub: ALICE.userId,
      email: 'alice@example.com',
      roles: ['customer'],
      iat: T0 / 1000,
      exp: T0 / 1000 + TTL,
    });
    expect(typeof claims.jti).toBe('string');
  });

  it('gives every token a distinct id, even for the same principal at the same instant', () => {
    const service = serviceAt(T0);
    expect(service.issue(ALICE).accessToken).not.toBe(service.issue(ALICE).accessToken);
  });

  it('is verified by another instance sharing the secret', () => {
    const { accessToken } = serviceAt(T0).issue(ALICE);
    expect(serviceAt(T0 + 1_000).verify(accessToken)).toEqual(ALICE_VERIFIED);
  });

  it('rejects a token signed with another secret', () => {
    const { accessToken } = serviceAt(T0, 'another-secret-of-sufficient-length').issue(ALICE);
    expect(rejection(serviceAt(T0), accessToken).message).toBe('The access token signature is invalid.');
  });

  it('rejects a token whose payload was altered after signing', () => {
    const { accessToken } = serviceAt(T0).issue(ALICE);
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const tampered = `${header}.${b64({ ...claims, roles: ['customer', 'admin'] })}.${signature}`;
    expect(rejection(serviceAt(T0), tampered).message).toBe('The access token signature is invalid.');
  });

  it('rejects a token whose signature was altered', () => {
    const { accessToken } = serviceAt(T0).issue(ALICE);
    // The signature's first character: its last one also holds padding bits, which decoding ignores.
    const at = accessToken.lastIndexOf('.') + 1;
    const altered = `${accessToken.slice(0, at)}${accessToken[at] === 'A' ? 'B' : 'A'}${accessToken.slice(at + 1)}`;
    expect(() => serviceAt(T0).verify(altered)).toThrow(InvalidTokenError);
    expect(() => serviceAt(T0).verify(`${accessToken}A`)).toThrow(InvalidTokenError);
  });

  it.each([
    ['empty', ''],
    ['one part', 'abc'],
    ['two parts', 'abc.def'],
    ['four parts', 'a.b.c.d'],
    ['garbage', '%%%.@@@.!!!'],
  ])('rejects a malformed token (%s)', (_label, token) => {
    expect(() => serviceAt(T0).verify(token)).toThrow(InvalidTokenError);
  });

  it('says a token with the wrong number of parts is malformed', () => {
    expect(rejection(serviceAt(T0), 'not-a-token').message).toBe('The access token is malformed.');
  });

  it('rejects another algorithm in the header, and an unsigned token ("none")', () => {
    const none = b64({ alg: 'none', typ: 'JWT' });
    expect(rejection(serviceAt(T0), `${none}.${b64(validClaims())}.`).message).toBe('The access token is not signed.');
    expect(rejection(serviceAt(T0), forge(validClaims(), SECRET, b64({ alg: 'HS512', typ: 'JWT' }))).message).toBe(
      'The access token uses an unsupported algorithm.',
    );
  });

  it('accepts a token signed as the hand-written signer of earlier releases did (and checks the forging helper)', () => {
    expect(serviceAt(T0).verify(forge(validClaims()))).toEqual(ALICE_VERIFIED);
  });

  it('rejects a signed token carrying an unknown role', () => {
    expect(rejection(serviceAt(T0), forge(validClaims({ roles: ['customer', 'superuser'] }))).message).toBe(
      'The access token carries unexpected claims.',
    );
  });

  it.each([
    ['another issuer', { iss: 'someone-else' }],
    ['another audience', { aud: 'other-api' }],
    ['no subject', { sub: undefined }],
    ['a numeric subject', { sub: 42 }],
    ['a subject that is not a user id', { sub: 'not-a-uuid' }],
    ['an empty subject', { sub: '' }],
    ['no email', { email: undefined }],
    ['roles that are not an array', { roles: 'admin' }],
    ['a fractional expiry', { exp: Math.floor(T0 / 1000) + 0.5 }],
    ['no issued-at', { iat: undefined }],
  ])('rejects a signed token with %s', (_label, overrides) => {
    expect(rejection(serviceAt(T0), forge(validClaims(overrides))).message).toBe(
      'The access token carries unexpected claims.',
    );
  });

  it.each([['null'], ['[]'], ['"a string"'], ['42']])('says a signed payload of %s is malformed', (payload) => {
    const unsigned = `${HEADER}.${b64(payload)}`;
    const token = `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
    expect(rejection(serviceAt(T0), token).message).toBe('The access token is malformed.');
  });

  it('rejects a signed payload that is not JSON', () => {
    const unsigned = `${HEADER}.${b64('not json')}`;
    const token = `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
    expect(rejection(serviceAt(T0), token).message).toBe('The access token is malformed.');
  });

  it('is an UnauthorizedError with the auth.invalid-token code', () => {
    const error = rejection(serviceAt(T0), 'x');
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.code).toBe('auth.invalid-token');
  });

  describe('expiry and clock skew (30 s)', () => {
    const issuedAt = T0;
    const expiresAt = T0 + TTL * 1000;
    const token = (): string => new AccessTokenService(SECRET, TTL, () => issuedAt).issue(ALICE).accessToken;

    it('accepts a token just before it expires', () => {
      expect(serviceAt(expiresAt - 1_000).verify(token())).toEqual(ALICE_VERIFIED);
    });

    it('still accepts a token up to 30 s past its expiry', () => {
      const issued = token();
      expect(serviceAt(expiresAt).verify(issued)).toEqual(ALICE_VERIFIED);
      expect(serviceAt(expiresAt + 30_000).verify(issued)).toEqual(ALICE_VERIFIED);
    });

    it('rejects a token more than 30 s past its expiry, also one verified before (cached)', () => {
      const issued = token();
      const service = serviceAt(expiresAt);
      expect(service.verify(issued)).toEqual(ALICE_VERIFIED);
      jest.setSystemTime(expiresAt + 30_001);
      expect(rejection(service, issued).message).toBe('The access token has expired.');
      expect(rejection(serviceAt(expiresAt + 30_001), token()).message).toBe('The access token has expired.');
      expect(rejection(serviceAt(expiresAt + 3_600_000), token()).message).toBe('The access token has expired.');
    });

    it("accepts a token issued up to 30 s in the verifier's future", () => {
      expect(serviceAt(issuedAt - 30_000).verify(token())).toEqual(ALICE_VERIFIED);
    });

    it("rejects a token issued more than 30 s in the verifier's future", () => {
      expect(rejection(serviceAt(issuedAt - 31_000), token()).message).toBe('The access token is not valid yet.');
    });
  });
});
