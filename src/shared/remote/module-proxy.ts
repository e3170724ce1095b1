import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from '../observability/metrics.js';
import { PROBLEM_CONTENT_TYPE } from '../http/problem-details.js';
import type { RemoteModuleClient } from './remote-module.client.js';

/** Headers that describe one connection, not the message; never forwarded (RFC 9110 §7.6.1), nor `expect`, which `fetch` refuses. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'expect']);
/** The methods a module's public API may use; anything else (TRACE, CONNECT, …) is refused here, never forwarded. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Only to resolve a request target into a path; never contacted. */
const RESOLVE_BASE = 'http://proxy.invalid';

/**
 * The strangler facade: the process that serves the public API keeps answering
 * an extracted module's public routes by forwarding them to where the module
 * now runs, so clients keep one base URL. Only the module's public prefixes are
 * forwarded: `/internal/…` service endpoints are never reachable this way.
 * Shares the module's circuit breaker, so an outage answers 503 at once.
 */
export function registerModuleProxy(fastify: FastifyInstance, options: { client: RemoteModuleClient; prefixes: readonly string[]; timeoutMs: number; metrics: Metrics; bodyLimitBytes: number }): void {
  const { prefixes } = options;
  void fastify.register(async (scope) => {
    // Bodies are forwarded byte for byte, whatever their type; the remote module validates them.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.bodyLimitBytes }, (_request, body, done) => done(null, body));
    const forward = (request: FastifyRequest, reply: FastifyReply) => proxy(request, reply, options);
    for (const prefix of prefixes) {
      if (prefix.startsWith('/internal')) throw new Error(`refusing to proxy service endpoints (${prefix})`);
      scope.all(prefix, forward);
      scope.all(`${prefix}/*`, forward);
    }
  });
}

async function proxy(request: FastifyRequest, reply: FastifyReply, options: { client: RemoteModuleClient; prefixes: readonly string[]; timeoutMs: number; metrics: Metrics }): Promise<void> {
  const { client, metrics } = options;
  // Refusals that are the client's doing come first: they must never count against the remote module's breaker.
  if (!METHODS.has(request.method)) return refuse(request, reply, 405, 'Method Not Allowed', `${request.method} is not allowed here.`, 'method-not-allowed');
  // Resolve the target as fetch would (dot segments, %2e, backslashes) and forward only what stays inside a public prefix.
  // Only its path and query travel: an absolute-form target's origin is ignored, as the local router ignores it.
  let target: URL;
  try {
    target = new URL(request.url, RESOLVE_BASE);
  } catch {
    return refuse(request, reply, 400, 'Bad Request', 'The request target is not a valid URL.', 'bad-request');
  }
  if (!options.prefixes.some((prefix) => target.pathname === prefix || target.pathname.startsWith(`${prefix}/`))) {
    return refuse(request, reply, 404, 'Not Found', 'No such route.', 'not-found');
  }
  const headers: Record<string, string> = {};
  const connectionTokens = new Set(String(request.headers.connection ?? '').toLowerCase().split(',').map((token) => token.trim()));
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !connectionTokens.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  headers['x-forwarded-for'] = [request.headers['x-forwarded-for'], request.ip].filter(Boolean).join(', ');
  headers['x-forwarded-proto'] = request.protocol;
  headers['x-forwarded-host'] = request.host;
  Object.assign(headers, client.propagationHeaders());
  const body = request.body instanceof Buffer && request.method !== 'GET' && request.method !== 'HEAD' ? request.body : undefined;
  let outgoing: Request;
  try {
    outgoing = new Request(`${client.baseUrl}${target.pathname}${target.search}`, { method: request.method, headers, body, redirect: 'manual' });
  } catch (error) {
    request.log.info({ module: client.module, err: error }, 'refused to proxy a request fetch cannot send');
    return refuse(request, reply, 400, 'Bad Request', 'This request cannot be forwarded.', 'bad-request');
  }

  const started = performance.now();
  const observe = (outcome: string) => metrics.remoteCallDuration.observe({ module: client.module, operation: 'proxy', outcome }, (performance.now() - started) / 1000);
  if (!client.breaker.allow()) {
    metrics.remoteCallErrors.inc({ module: client.module, reason: 'breaker-open' });
    observe('breaker-open');
    return unavailable(request, reply, client, Math.ceil(client.breaker.retryAfterMs() / 1000));
  }
  // From here on every path reports to the breaker: it may be the half-open trial.
  let response: Response;
  let payload: Buffer;
  try {
    response = await fetch(outgoing, { signal: AbortSignal.timeout(options.timeoutMs) });
    payload = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    client.breaker.failed();
    const reason = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network';
    metrics.remoteCallErrors.inc({ module: client.module, reason });
    observe(reason);
    request.log.warn({ module: client.module, reason, err: error }, `proxying to ${client.module} failed`);
    return unavailable(request, reply, client, 1);
  }
  if (response.status >= 500) {
    client.breaker.failed();
    metrics.remoteCallErrors.inc({ module: client.module, reason: 'status' });
  } else {
    client.breaker.succeeded();
  }
  observe(response.status >= 500 ? 'error' : 'ok');
  reply.status(response.status);
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') void reply.header(name, value);
  });
  // Our request id stays the one the client sees.
  void reply.header('x-request-id', String(request.id));
  await reply.send(payload);
}

/** A problem+json answer of the proxy's own (never forwarded): the same members as every error of the API. */
async function refuse(request: FastifyRequest, reply: FastifyReply, status: number, title: string, detail: string, code: string, headers: Record<string, string> = {}): Promise<void> {
  await reply
    .status(status)
    .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' })
    .send({ type: `urn:tessera:problem:${code}`, title, status, detail, code, instance: request.url.split('?')[0], requestId: String(request.id) });
}

function unavailable(request: FastifyRequest, reply: FastifyReply, client: RemoteModuleClient, retryAfterSeconds: number): Promise<void> {
  const detail = `The ${client.module} module is not answering; try again shortly.`;
  return refuse(request, reply, 503, 'Service Unavailable', detail, 'remote-module-unavailable', { 'retry-after': String(Math.max(1, retryAfterSeconds)) });
}
