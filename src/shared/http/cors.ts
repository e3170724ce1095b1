import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestPath } from './request-path.js';

/**
 * The methods the API answers anywhere. A preflight gets them whatever its path,
 * in every topology alike: the request itself then gets its real answer (404,
 * or 405 with `Allow`), which the page can read.
 */
const ALLOWED_METHODS = 'GET, HEAD, POST, PATCH';
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
 * extracted module's routes is answered here, never proxied. Service endpoints
 * (`/internal/…`) are for processes, not browsers: they get no CORS at all.
 */
export class CorsPolicy {
  constructor(private readonly origins: readonly string[] | '*') {}

  /** Adds the CORS headers a request earns; answers a preflight itself and returns true then. */
  apply(request: FastifyRequest, reply: FastifyReply): boolean {
    if (!this.decorate(request, reply)) return false;
    const preflight = request.method === 'OPTIONS' && typeof request.headers['access-control-request-method'] === 'string';
    if (!preflight) return false;
    void reply
      .header('access-control-allow-methods', ALLOWED_METHODS)
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS)
      .code(204)
      .send();
    return true;
  }

  /**
   * Adds the headers that let an allowed origin read this answer (also one
   * given before routing); says whether the request comes from an allowed origin.
   */
  decorate(request: FastifyRequest, reply: FastifyReply): boolean {
    if (this.origins !== '*' && this.origins.length === 0) return false;
    if (isServiceEndpoint(request.url)) return false;
    const origin = request.headers.origin;
    if (this.origins === '*') {
      // On every answer, with an Origin or without: the same bytes for everyone, so no cache needs to tell them apart.
      void reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', EXPOSED_HEADERS);
      return typeof origin === 'string';
    }
    // The answer differs by Origin: caches must keep them apart.
    void reply.header('vary', 'Origin');
    if (typeof origin !== 'string' || !this.origins.includes(origin)) return false;
    void reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSED_HEADERS);
    return true;
  }
}

/** `/internal/…`, also asked in absolute form (`http://host/internal/…`). */
function isServiceEndpoint(target: string): boolean {
  const path = requestPath(target);
  return path === '/internal' || path.startsWith('/internal/');
}
