import type { FastifyCorsOptions } from '@fastify/cors';
import type { FastifyRequest } from 'fastify';
import { requestPath } from '../routing/request-path.js';

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
const PREFLIGHT_MAX_AGE_SECONDS = 600;

const DISABLED: FastifyCorsOptions = { origin: false };

/**
 * `@fastify/cors` options per request for `CORS_ORIGINS`. Credentials are
 * bearer tokens a script sends itself, never cookies, so no
 * `Access-Control-Allow-Credentials`: a page on another origin gets nothing a
 * script of its own could not. The plugin answers preflights in its onRequest
 * hook, so a preflight to an extracted module's routes is answered here,
 * never proxied. Service endpoints (`/internal/…`) are for processes, not
 * browsers: they get no CORS at all.
 */
export function corsOptions(origins: readonly string[] | '*') {
  const common = {
    methods: ALLOWED_METHODS,
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    credentials: false,
  };
  return (request: FastifyRequest, callback: (error: Error | null, options: FastifyCorsOptions) => void): void => {
    const origin = request.headers.origin;
    const allowed = origins === '*' || (typeof origin === 'string' && origins.includes(origin));
    // Not allowed: no CORS headers, and a preflight is not answered (it gets the 405 of an unserved OPTIONS).
    if (!allowed || isServiceEndpoint(request.url)) return callback(null, DISABLED);
    // An OPTIONS without Access-Control-Request-Method is no preflight: it gets its 405 (with the CORS headers).
    const preflight = typeof request.headers['access-control-request-method'] === 'string';
    // '*' goes on every answer, with an Origin or without.
    callback(null, { ...common, origin: origins === '*' ? '*' : origin!, preflight, strictPreflight: false });
  };
}

/** `/internal/…`, also asked in absolute form (`http://host/internal/…`). */
function isServiceEndpoint(target: string): boolean {
  const path = requestPath(target);
  return path === '/internal' || path.startsWith('/internal/');
}
