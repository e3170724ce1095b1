import { createHmac } from 'node:crypto';
import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import { UnauthorizedError } from '../errors/application.errors.js';

const SCHEME = 'Service';
const AUDIENCE = 'tessera-internal';
const TTL_SECONDS = 60;
const CLOCK_SKEW_SECONDS = 30;

export class InvalidServiceTokenError extends UnauthorizedError {
  override readonly code = 'auth.invalid-service-token';
}

/** The call a service token is good for: its method and request target (path and query, as sent). */
export interface ServiceCall {
  readonly method: string;
  readonly target: string;
}

interface ServiceClaims {
  iss: string;
  htm: string;
  htu: string;
}

/**
 * Service-to-service credentials. Every process of a deployment gets the same
 * `SERVICE_TOKEN`; it never travels. Each call carries a JWT signed with a key
 * derived from it (`Authorization: Service <jwt>`), naming the caller (`iss`),
 * lasting a minute, and bound to the call's method and target (`htm`, `htu`,
 * as in RFC 9449) — not the body — so a token seen on the wire or in a log is
 * good only for that method on that target: a lookup cannot become a
 * re-drive. User access tokens are never accepted here (another key and
 * audience), nor service tokens where a user's is expected.
 */
export class ServiceTokenService {
  readonly enabled: boolean;
  private readonly sign: (claims: Partial<ServiceClaims> & { iat: number }) => string;
  private readonly decode: (token: string) => Partial<ServiceClaims>;

  /** `clock` dates the tokens signed (tests sign some in the past); verification reads the real clock. */
  constructor(
    secret: string | undefined,
    private readonly clock: () => number = Date.now,
  ) {
    // Without a secret nothing can be signed or verified: service routes refuse every call.
    this.enabled = secret !== undefined;
    const key = createHmac('sha256', secret ?? '')
      .update('tessera-service-token')
      .digest();
    this.sign = createSigner({ key, algorithm: 'HS256', aud: AUDIENCE, expiresIn: TTL_SECONDS * 1000 });
    this.decode = createVerifier({
      key,
      algorithms: ['HS256'],
      allowedAud: AUDIENCE,
      requiredClaims: ['iss', 'htm', 'htu', 'exp'],
      clockTolerance: CLOCK_SKEW_SECONDS * 1000,
    });
  }

  /** The Authorization header value for `call`, made by `caller`. */
  authorization(caller: string, call: ServiceCall): string {
    if (!this.enabled) throw new Error('SERVICE_TOKEN is not configured; this process cannot call other modules');
    const token = this.sign({
      iss: caller,
      htm: call.method.toUpperCase(),
      htu: call.target,
      iat: Math.floor(this.clock() / 1000),
    });
    return `${SCHEME} ${token}`;
  }

  /** Verifies the Authorization header of `call`; returns the calling process's name. */
  verify(header: string | undefined, call: ServiceCall): string {
    if (!this.enabled)
      throw new InvalidServiceTokenError('Service endpoints are disabled: SERVICE_TOKEN is not configured.');
    const match = header === undefined ? null : /^Service\s+(\S+)$/.exec(header);
    if (!match)
      throw new InvalidServiceTokenError('This is a service endpoint: send "Authorization: Service <token>".');
    let claims: Partial<ServiceClaims>;
    try {
      claims = this.decode(match[1]);
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      if (error.code === TokenError.codes.expired) throw new InvalidServiceTokenError('The service token has expired.');
      if (error.code === TokenError.codes.invalidSignature)
        throw new InvalidServiceTokenError('The service token signature is invalid.');
      throw new InvalidServiceTokenError('The service token is malformed.');
    }
    if (claims.htm !== call.method.toUpperCase() || claims.htu !== call.target) {
      throw new InvalidServiceTokenError('The service token was signed for another call.');
    }
    if (typeof claims.iss !== 'string') throw new InvalidServiceTokenError('The service token is malformed.');
    return claims.iss;
  }
}
