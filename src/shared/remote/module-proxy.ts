import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Metrics } from '../observability/metrics.js';
import { PROBLEM_CONTENT_TYPE } from '../http/problem-details.js';
import type { RemoteModuleClient } from './remote-module.client.js';

/** Headers that describe one connection, not the message; never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length']);

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

async function proxy(request: FastifyRequest, reply: FastifyReply, options: { client: RemoteModuleClient; timeoutMs: number; metrics: Metrics }): Promise<void> {
  const { client, metrics } = options;
  const started = performance.now();
  const observe = (outcome: string) => metrics.remoteCallDuration.observe({ module: client.module, operation: 'proxy', outcome }, (performance.now() - started) / 1000);
  if (!client.breaker.allow()) {
    metrics.remoteCallErrors.inc({ module: client.module, reason: 'breaker-open' });
    observe('breaker-open');
    return unavailable(request, reply, client, Math.ceil(client.breaker.retryAfterMs() / 1000));
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  headers['x-forwarded-for'] = [request.headers['x-forwarded-for'], request.ip].filter(Boolean).join(', ');
  headers['x-forwarded-proto'] = request.protocol;
  headers['x-forwarded-host'] = request.host;
  Object.assign(headers, client.propagationHeaders());
  let response: Response;
  try {
    const body = request.body instanceof Buffer && request.method !== 'GET' && request.method !== 'HEAD' ? request.body : undefined;
    response = await fetch(`${client.baseUrl}${request.url}`, { method: request.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs) });
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
  const payload = Buffer.from(await response.arrayBuffer());
  reply.status(response.status);
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') void reply.header(name, value);
  });
  // Our request id stays the one the client sees.
  void reply.header('x-request-id', String(request.id));
  await reply.send(payload);
}

async function unavailable(request: FastifyRequest, reply: FastifyReply, client: RemoteModuleClient, retryAfterSeconds: number): Promise<void> {
  await reply
    .status(503)
    .headers({ 'content-type': PROBLEM_CONTENT_TYPE, 'retry-after': String(Math.max(1, retryAfterSeconds)), 'cache-control': 'no-store' })
    .send({
      type: 'urn:tessera:problem:remote-module-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: `The ${client.module} module is not answering; try again shortly.`,
      code: 'remote-module-unavailable',
      instance: request.url.split('?')[0],
      requestId: String(request.id),
    });
}
