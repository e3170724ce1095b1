import { randomUUID } from 'node:crypto';
import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import { UnauthorizedError } from '../errors/application.errors.js';
import type { Principal } from './principal.js';
import { validate as isUuid } from 'uuid';
import { ROLES, type Role } from './role.js';

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

/** What the client is told for each of fast-jwt's refusals; anything else is a malformed token. */
const REFUSALS: Partial<Record<string, string>> = {
  [TokenError.codes.invalidAlgorithm]: 'The access token uses an unsupported algorithm.',
  [TokenError.codes.missingSignature]: 'The access token is not signed.',
  [TokenError.codes.invalidSignature]: 'The access token signature is invalid.',
  [TokenError.codes.expired]: 'The access token has expired.',
  [TokenError.codes.inactive]: 'The access token is not valid yet.',
  [TokenError.codes.invalidClaimType]: 'The access token carries unexpected claims.',
  [TokenError.codes.invalidClaimValue]: 'The access token carries unexpected claims.',
  [TokenError.codes.missingRequiredClaim]: 'The access token carries unexpected claims.',
};

/**
 * Signs and verifies stateless access tokens (JWT, HS256, with fast-jwt:
 * synchronous on the request path, verified tokens cached by their hash).
 * Issued by `users` at login and verified by every process of a deployment
 * with the shared `JWT_SECRET`, so authorising a request never needs a call
 * to `users`.
 */
export class AccessTokenService {
  private readonly sign: (claims: Partial<Claims>) => string;
  private readonly decode: (token: string) => Partial<Claims>;

  /** `clock` dates the tokens issued (tests issue some in the past); verification reads the real clock. */
  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.sign = createSigner({
      key: secret,
      algorithm: 'HS256',
      iss: ISSUER,
      aud: AUDIENCE,
      expiresIn: ttlSeconds * 1000,
    });
    this.decode = createVerifier({
      key: secret,
      algorithms: ['HS256'],
      allowedIss: ISSUER,
      allowedAud: AUDIENCE,
      requiredClaims: ['iss', 'aud', 'sub', 'iat', 'exp'],
      clockTolerance: CLOCK_SKEW_SECONDS * 1000,
      cache: true,
    });
  }

  issue(principal: Principal): IssuedToken {
    const accessToken = this.sign({
      sub: principal.userId,
      email: principal.email,
      roles: [...principal.roles],
      iat: Math.floor(this.clock() / 1000),
      jti: randomUUID(),
    });
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  verify(token: string): Principal {
    let claims: Partial<Claims>;
    try {
      claims = this.decode(token);
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      throw new InvalidTokenError(REFUSALS[error.code] ?? 'The access token is malformed.');
    }
    // Signed by us is not enough: whatever the payload, a bad one must end as a 401, never reach a query.
    if (!hasOurClaims(claims)) throw new InvalidTokenError('The access token carries unexpected claims.');
    // fast-jwt checks `nbf`, which our tokens do not carry; one issued in the future is not valid yet.
    if (claims.iat - CLOCK_SKEW_SECONDS > Math.floor(Date.now() / 1000))
      throw new InvalidTokenError('The access token is not valid yet.');
    return { userId: claims.sub, email: claims.email, roles: claims.roles, expiresAt: new Date(claims.exp * 1000) };
  }
}

function hasOurClaims(claims: Partial<Claims>): claims is Claims {
  return (
    typeof claims.sub === 'string' &&
    isUuid(claims.sub) &&
    typeof claims.email === 'string' &&
    Number.isInteger(claims.iat) &&
    Number.isInteger(claims.exp) &&
    Array.isArray(claims.roles) &&
    claims.roles.every((role) => (ROLES as readonly string[]).includes(role))
  );
}
