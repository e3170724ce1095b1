import { createHmac, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../errors/application-error.js';

const SCHEME = 'Service';
const VERSION = 'v2';
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

/**
 * Service-to-service credentials. Every process of a deployment gets the same
 * `SERVICE_TOKEN`; it never travels. Each call carries a short-lived token
 * derived from it: `v2.<caller>.<expiry>.<HMAC>`, sent as
 * `Authorization: Service <token>`, whose HMAC also covers the call's method
 * and target (path and query, not the body), so a token seen on the wire (or
 * in a log) is good only for that method on that target within its minute —
 * a lookup cannot become a re-drive. Every process of a deployment must run
 * the same release: this `v2` format replaced `v1`, which is refused. User
 * access tokens are never accepted where a service token is expected, nor
 * the other way round.
 */
export class ServiceTokenService {
  private readonly key: Buffer;

  constructor(
    secret: string | undefined,
    private readonly now: () => number = () => Date.now(),
  ) {
    // Without a secret nothing can be signed or verified: service routes refuse every call.
    this.key = createHmac('sha256', secret ?? '').update('tessera-service-token').digest();
    this.enabled = secret !== undefined;
  }

  readonly enabled: boolean;

  /** The Authorization header value for `call`, made by `caller`. */
  authorization(caller: string, call: ServiceCall): string {
    if (!this.enabled) throw new Error('SERVICE_TOKEN is not configured; this process cannot call other modules');
    const expiry = Math.floor(this.now() / 1000) + TTL_SECONDS;
    const unsigned = `${VERSION}.${caller}.${expiry}`;
    return `${SCHEME} ${unsigned}.${this.sign(unsigned, call)}`;
  }

  /** Verifies the Authorization header of `call`; returns the calling process's name. */
  verify(header: string | undefined, call: ServiceCall): string {
    if (!this.enabled) throw new InvalidServiceTokenError('Service endpoints are disabled: SERVICE_TOKEN is not configured.');
    const match = header === undefined ? null : /^Service\s+(\S+)$/.exec(header);
    if (!match) throw new InvalidServiceTokenError('This is a service endpoint: send "Authorization: Service <token>".');
    const parts = match[1]!.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new InvalidServiceTokenError('The service token is malformed.');
    const [version, caller, expiry, signature] = parts as [string, string, string, string];
    const expected = Buffer.from(this.sign(`${version}.${caller}.${expiry}`, call));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new InvalidServiceTokenError('The service token signature is invalid (or it was signed for another call).');
    }
    if (Number(expiry) + CLOCK_SKEW_SECONDS < Math.floor(this.now() / 1000)) throw new InvalidServiceTokenError('The service token has expired.');
    return caller;
  }

  private sign(unsigned: string, call: ServiceCall): string {
    return createHmac('sha256', this.key).update(`${unsigned}\n${call.method.toUpperCase()} ${call.target}`).digest('base64url');
  }
}
