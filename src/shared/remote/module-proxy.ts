import { PassThrough, Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError, ValidationError } from '../errors/application.errors.js';
import { UNSERVED_METHODS, unservedMethodError } from '../http/routing/unserved-methods.js';
import { sendProblem } from '../http/problems/send-problem.js';
import type { EventStreams } from '../http/event-stream/event-streams.js';
import type { RemoteAnswer } from './remote-answer.js';
import type { RemoteModuleClient } from './remote-module.client.js';

/** Headers that describe one connection, not the message; never forwarded (RFC 9110 §7.6.1), nor `expect`, which `fetch` refuses. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'expect',
]);
/** Only to resolve a request target into a path; never contacted. */
const RESOLVE_BASE = 'http://proxy.invalid';
/** `.`, `..` and their percent-encoded spellings: `fetch` would resolve them, the module's own router never does. */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * The strangler facade: the process that serves the public API keeps answering
 * an extracted module's public routes by forwarding them to where the module
 * now runs, so clients keep one base URL and get the answers the module gives
 * directly. Only the module's public prefixes are forwarded: `/internal/…`
 * service endpoints are never reachable this way. Shares the module's circuit
 * breaker, so an outage answers 503 at once.
 */
export function registerModuleProxy(
  fastify: FastifyInstance,
  options: {
    client: RemoteModuleClient;
    prefixes: readonly string[];
    timeoutMs: number;
    bodyLimitBytes: number;
    streams: EventStreams;
  },
): void {
  const forward = (request: FastifyRequest, reply: FastifyReply) => proxy(request, reply, options);
  for (const prefix of options.prefixes) {
    if (prefix.startsWith('/internal')) throw new Error(`refusing to proxy service endpoints (${prefix})`);
    void fastify.register(
      async (scope) => {
        // Bodies are forwarded byte for byte, whatever their type; the remote module validates them.
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser(
          '*',
          { parseAs: 'buffer', bodyLimit: options.bodyLimitBytes },
          (_request, body, done) => done(null, body),
        );
        scope.route({ method: scope.supportedMethods, url: '', prefixTrailingSlash: 'no-slash', handler: forward });
        scope.route({ method: scope.supportedMethods, url: '/*', handler: forward });
        // Methods Fastify does not route (PROPFIND, SEARCH, …) go to the module too, which answers them as it would directly.
        scope.setNotFoundHandler(forward);
      },
      { prefix },
    );
  }
}

async function proxy(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { client: RemoteModuleClient; prefixes: readonly string[]; timeoutMs: number; streams: EventStreams },
): Promise<void> {
  const { client } = options;
  // Refusals that are the client's doing come first: they must never count against the remote module's breaker.
  if (UNSERVED_METHODS.has(request.method)) return sendProblem(unservedMethodError(request.method), request, reply);
  const sentPath = request.url.split('?')[0];
  if (sentPath.includes('\\') || sentPath.split('/').some((segment) => DOT_SEGMENT.test(segment))) {
    return sendProblem(new NotFoundError('No resource exists at this address.'), request, reply);
  }
  // Resolve the target as fetch would (dot segments, %2e, backslashes) and forward only what stays inside a public prefix.
  // Only its path and query travel: an absolute-form target's origin is ignored, as the local router ignores it.
  let target: URL;
  try {
    target = new URL(request.url, RESOLVE_BASE);
  } catch {
    return sendProblem(ValidationError.forField('url', 'is not a valid request target'), request, reply);
  }
  if (!options.prefixes.some((prefix) => target.pathname === prefix || target.pathname.startsWith(`${prefix}/`))) {
    return sendProblem(new NotFoundError('No resource exists at this address.'), request, reply);
  }
  const headers: Record<string, string> = {};
  const connectionTokens = new Set(
    String(request.headers.connection ?? '')
      .toLowerCase()
      .split(',')
      .map((token) => token.trim()),
  );
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !connectionTokens.has(name))
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  headers['x-forwarded-for'] = [request.headers['x-forwarded-for'], request.ip].filter(Boolean).join(', ');
  headers['x-forwarded-proto'] = request.protocol;
  headers['x-forwarded-host'] = request.host;
  Object.assign(headers, client.propagationHeaders());
  const body =
    request.body instanceof Buffer && request.method !== 'GET' && request.method !== 'HEAD' ? request.body : undefined;
  let outgoing: Request;
  try {
    outgoing = new Request(`${client.baseUrl}${target.pathname}${target.search}`, {
      method: request.method,
      headers,
      body,
      redirect: 'manual',
    });
  } catch (error) {
    request.log.info({ module: client.module, err: error }, 'refused to proxy a request fetch cannot send');
    return sendProblem(
      new ValidationError('This request cannot be forwarded (its method, headers or body are not acceptable).'),
      request,
      reply,
    );
  }

  let exchanged: RemoteAnswer;
  try {
    exchanged = await client.exchange('proxy', outgoing, options.timeoutMs);
  } catch (error) {
    return sendProblem(error, request, reply);
  }
  const { response, payload, stream } = exchanged;
  reply.status(response.status);
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') void reply.header(name, value);
  });
  // Our request id stays the one the client sees.
  void reply.header('x-request-id', String(request.id));
  if (request.method === 'HEAD') {
    // No body to count: the length is the one the module announced for GET.
    const length = response.headers.get('content-length');
    if (length !== null) void reply.header('content-length', length);
    await reply.send();
    return;
  }
  if (stream) {
    // An event stream goes on for as long as the client listens, passed on as it comes. It ends cleanly (a last empty
    // chunk, as the module's own end would) when the module ends it or goes away, or when this process shuts down; it
    // stops being read from the module when the client leaves.
    const body = new PassThrough();
    const upstream = Readable.fromWeb(stream).on('error', () => body.end());
    upstream.pipe(body);
    const untrack = options.streams.track(() => {
      upstream.unpipe(body);
      body.end();
      exchanged.abort();
    });
    reply.raw.once('close', () => {
      untrack();
      exchanged.abort();
    });
    await reply.send(body);
    return;
  }
  await reply.send(payload);
}
