import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteMethods } from './route-methods.js';
import { UNSERVED_METHODS } from './unserved-methods.js';

/** What a browser script may send beyond the CORS-safelisted headers. */
const ALLOWED_HEADERS = 'authorization, content-type, idempotency-key, x-request-id, x-correlation-id';
/** What a browser script may read beyond the CORS-safelisted response headers. */
const EXPOSED_HEADERS = 'location, retry-after, allow, idempotent-replayed, x-request-id';
/** How long a browser may reuse a preflight answer. */
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * Cross-origin access for browser front-ends (`CORS_ORIGINS`). Credentials are
 * bearer tokens a script sends itself, never cookies, so no
 * `Access-Control-Allow-Credentials`: a page on another origin gets nothing a
 * script of its own could not. Answered before routing, so a preflight to an
 * extracted module's routes is answered here, never proxied.
 */
export class CorsPolicy {
  constructor(
    private readonly origins: readonly string[] | '*',
    private readonly routeMethods: RouteMethods,
  ) {}

  /** Adds the CORS headers a request earns; answers a preflight itself and returns true then. */
  apply(request: FastifyRequest, reply: FastifyReply): boolean {
    if (!this.decorate(request, reply)) return false;
    const preflight = request.method === 'OPTIONS' && typeof request.headers['access-control-request-method'] === 'string';
    if (!preflight) return false;
    const path = request.url.split('?')[0]!;
    const known = this.routeMethods.allowedFor(path).filter((method) => !UNSERVED_METHODS.has(method) && method !== 'OPTIONS');
    void reply
      .header('access-control-allow-methods', (known.length > 0 ? known : ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE']).join(', '))
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS)
      .code(204)
      .send();
    return true;
  }

  /** Adds the headers that let an allowed origin read this answer (an error answered before routing, too); says whether it is allowed. */
  decorate(request: FastifyRequest, reply: FastifyReply): boolean {
    if (this.origins !== '*' && this.origins.length === 0) return false;
    // The answer differs by Origin whenever the list is not "*": caches must keep them apart.
    if (this.origins !== '*') void reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || !this.allows(origin)) return false;
    void reply.header('access-control-allow-origin', this.origins === '*' ? '*' : origin).header('access-control-expose-headers', EXPOSED_HEADERS);
    return true;
  }

  private allows(origin: string): boolean {
    return this.origins === '*' || this.origins.includes(origin);
  }
}
