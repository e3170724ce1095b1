import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../errors/application-error.js';
import type { Principal } from './principal.js';
import { isUuid } from '../kernel/uuid-v7.js';
import { ROLES, type Role } from './role.js';

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const ISSUER = 'tessera';
const AUDIENCE = 'tessera-api';
/** Tolerated clock difference between the process that signs and the one that verifies. */
const CLOCK_SKEW_SECONDS = 30;

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

interface Claims {
  iss: string;
  aud: string;
  sub: string;
  email: string;
  roles: Role[];
  iat: number;
  exp: number;
  jti: string;
}

export class InvalidTokenError extends UnauthorizedError {
  override readonly code = 'auth.invalid-token';
}

/**
 * Signs and verifies stateless access tokens (JWT, HS256). Issued by `users`
 * at login and verified here by every process of a deployment with the shared
 * `JWT_SECRET`, so authorising a request never needs a call to `users`.
 */
export class AccessTokenService {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  issue(principal: Principal): IssuedToken {
    const iat = Math.floor(this.now() / 1000);
    const claims: Claims = {
      iss: ISSUER,
      aud: AUDIENCE,
      sub: principal.userId,
      email: principal.email,
      roles: [...principal.roles],
      iat,
      exp: iat + this.ttlSeconds,
      jti: randomUUID(),
    };
    const unsigned = `${HEADER}.${base64url(JSON.stringify(claims))}`;
    return { accessToken: `${unsigned}.${this.sign(unsigned)}`, expiresIn: this.ttlSeconds };
  }

  verify(token: string): Principal {
    const parts = token.split('.');
    if (parts.length !== 3) throw new InvalidTokenError('The access token is malformed.');
    const [header, payload, signature] = parts as [string, string, string];
    if (header !== HEADER) throw new InvalidTokenError('The access token uses an unsupported algorithm.');
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new InvalidTokenError('The access token signature is invalid.');
    }
    const claims = parseClaims(payload);
    const now = Math.floor(this.now() / 1000);
    if (claims.exp + CLOCK_SKEW_SECONDS <= now) throw new InvalidTokenError('The access token has expired.');
    if (claims.iat - CLOCK_SKEW_SECONDS > now) throw new InvalidTokenError('The access token is not valid yet.');
    return { userId: claims.sub, email: claims.email, roles: claims.roles };
  }

  private sign(unsigned: string): string {
    return createHmac('sha256', this.secret).update(unsigned).digest('base64url');
  }
}

function parseClaims(payload: string): Claims {
  let claims: Partial<Claims> | null;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Claims> | null;
  } catch {
    throw new InvalidTokenError('The access token is malformed.');
  }
  // Signed by us is not enough: whatever the payload, a bad one must end as a 401, never reach a query.
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new InvalidTokenError('The access token is malformed.');
  const valid =
    claims.iss === ISSUER &&
    claims.aud === AUDIENCE &&
    typeof claims.sub === 'string' &&
    isUuid(claims.sub) &&
    typeof claims.email === 'string' &&
    Number.isInteger(claims.iat) &&
    Number.isInteger(claims.exp) &&
    Array.isArray(claims.roles) &&
    claims.roles.every((role) => (ROLES as readonly string[]).includes(role));
  if (!valid) throw new InvalidTokenError('The access token carries unexpected claims.');
  return claims as Claims;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
