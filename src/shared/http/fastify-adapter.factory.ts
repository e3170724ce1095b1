import { randomUUID } from 'node:crypto';
import fastifyCors from '@fastify/cors';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import fastifyPlugin from 'fastify-plugin';
import {
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { clientErrorHandler, connectHandler } from './routing/client-error.handler.js';
import { jsonBodyParser } from './body/json-body.parser.js';
import { RouteMethods } from './routing/route-methods.js';
import { requestPath } from './routing/request-path.js';
import { MethodNotAllowedError } from '../errors/application.errors.js';
import { UNSERVED_METHODS, unservedMethodError } from './routing/unserved-methods.js';
import { sendProblem } from './problems/send-problem.js';
import { MalformedRequestError } from './body/malformed-request.error.js';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.js';
import { type RequestContext, requestContext } from '../observability/request-context.js';
import { nameRequestSpan } from '../observability/tracing/trace-context.js';
import { corsOptions } from './cors/cors-options.js';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface HttpOptions {
  readonly bodyLimitBytes: number;
  readonly trustProxy: false | number | string;
  readonly corsOrigins: readonly string[] | '*';
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * JSON is the only request format, read by our own parser (UTF-8 only, see
 * `jsonBodyParser`): the text and form parsers Fastify and Nest install (Nest's
 * when the app starts) are removed, so such bodies get 415 rather than being
 * half-parsed. A known path asked with a method it does not answer gets 405.
 */
class TesseraFastifyAdapter extends FastifyAdapter {
  private readonly routeMethods = new RouteMethods();

  constructor(options: FastifyServerOptions) {
    super(options);
    this.getInstance().addHook('onRoute', (route) => {
      // @fastify/cors's catch-all OPTIONS route only lets preflights reach its hook; it serves OPTIONS nowhere.
      if (route.url !== '*') this.routeMethods.add(route.method, route.url);
    });
  }

  override setNotFoundHandler(
    handler: (request: FastifyRequest, reply: FastifyReply) => unknown,
  ): ReturnType<FastifyAdapter['setNotFoundHandler']> {
    return super.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
      if (UNSERVED_METHODS.has(request.method)) return sendProblem(unservedMethodError(request.method), request, reply);
      const allowed = this.routeMethods.allowedFor(requestPath(request.url));
      // No route here, or one that answers this method and still found nothing (a missing file under /docs): 404.
      if (allowed.length === 0 || allowed.includes(request.method)) return handler(request, reply);
      void reply.header('allow', allowed.join(', '));
      sendProblem(
        new MethodNotAllowedError(
          `${request.method} is not allowed here; this resource answers ${allowed.join(', ')}.`,
        ),
        request,
        reply,
      );
    });
  }

  private jsonParserRegistered = false;

  override registerParserMiddleware(prefix?: string, rawBody?: boolean): void {
    // Registered first, so Nest keeps it instead of installing its own JSON parser.
    if (!this.jsonParserRegistered) {
      this.useBodyParser(
        'application/json',
        rawBody === true,
        { bodyLimit: this.getInstance().initialConfig.bodyLimit },
        jsonBodyParser(this.getInstance()),
      );
      this.jsonParserRegistered = true;
    }
    super.registerParserMiddleware(prefix, rawBody);
    this.getInstance().removeContentTypeParser(['application/x-www-form-urlencoded', 'text/plain']);
  }
}

/**
 * The Fastify instance under Nest: body limit, request ids (a well-formed
 * `x-request-id` from the caller is kept: a proxy's, another process's of the
 * deployment, or a client's tracing its own calls), a correlation id that follows the work
 * into events, and one log line per request. Errors Fastify raises itself
 * (malformed JSON, body too large) reach Nest's exception filter like any other.
 */
export function createFastifyAdapter(options: HttpOptions): FastifyAdapter {
  /** One log line and one histogram sample per request. */
  const completed = (request: FastifyRequest, reply: FastifyReply) => {
    const { statusCode, elapsedTime } = reply;
    const level = statusCode >= 500 ? 'error' : 'info';
    // request.log is this logger (no child per request); the line's object is built only when it is written.
    if (options.logger.isLevelEnabled(level)) {
      options.logger[level](
        { method: request.method, url: request.url, statusCode, durationMs: Math.round(elapsedTime * 10) / 10 },
        'request completed',
      );
    }
    options.metrics.httpRequestDuration.observe(
      // The route pattern, not the URL, keeps the label set small.
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(statusCode) },
      elapsedTime / 1000,
    );
  };
  const adapter = new TesseraFastifyAdapter({
    loggerInstance: options.logger,
    // One line per request is written by `completed` above, with the fields we want.
    logController: new LogController({ disableRequestLogging: true }),
    // No child logger per request: the logger's mixin already stamps every line with the request
    // and correlation ids of the work in progress (a child would add a duplicate \`reqId\`, at a cost per request).
    childLoggerFactory: (logger: FastifyBaseLogger) => logger,
    bodyLimit: options.bodyLimitBytes,
    // A number of hops, as a function: the adapter's options type has no number form.
    trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : options.trustProxy,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
    },
    // Errors Fastify answers before routing (a malformed URL like `/api/orders/%`) get problem+json like every other.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      // Before routing, so no hook runs for these: what the onRequest hook does for every other request is done here.
      // (No CORS headers: the plugin answers in a hook. A browser percent-encodes what it sends, so it never gets these.)
      const context = startRequest(request, reply);
      requestContext.run(context, () => {
        reply.raw.once('close', () => completed(request, reply));
        sendProblem(error, request, reply);
      });
    },
    // Requests Node's parser refuses (bad headers, chunking, sizes) get problem+json too.
    clientErrorHandler: clientErrorHandler(options.logger),
    // Long enough that an overlong id (up to 500 characters) reaches its route and is a 404 there, as a short wrong one is; longer is 414.
    routerOptions: { maxParamLength: 500 },
    return503OnClosing: true,
    // A client that never finishes sending its request must not hold a connection forever.
    requestTimeout: 30_000,
    forceCloseConnections: 'idle',
    // Node would answer a missing Host with a bare 400 before anything of ours runs; the onRequest hook answers it instead.
    // (Fastify passes `http` to http.createServer; the adapter's options type does not list it.)
    ...({ http: { requireHostHeader: false } } as object),
  });
  const fastify = adapter.getInstance();
  fastify.server.on('connect', connectHandler(options.logger));
  fastify.addHook('onRequest', (request, reply, done) => {
    nameRequestSpan(request.method, () => request.routeOptions.url);
    // Everything from here on, answers given by later hooks included, logs with the request's ids.
    requestContext.run(startRequest(request, reply), done);
  });
  // Preflights are answered in its onRequest hook, before any route (an extracted module's included) sees them.
  void fastify.register(fastifyCors, { delegator: corsOptions(options.corsOrigins) });
  // After CORS, so a browser can read this refusal too.
  void fastify.register(
    fastifyPlugin((instance, _options, registered) => {
      instance.addHook('onRequest', (request, reply, done) => {
        // HTTP/1.1 requires Host (RFC 9112 §3.2); HTTP/1.0 may leave it out.
        if (request.headers.host === undefined && request.raw.httpVersion !== '1.0')
          return sendProblem(new MalformedRequestError('it has no Host header'), request, reply);
        done();
      });
      registered();
    }),
  );
  fastify.addHook('onResponse', (request, reply, done) => {
    completed(request, reply);
    done();
  });
  return adapter;
}

/** Stamps the answer with the request id and returns the ids the request's work runs under. */
function startRequest(request: FastifyRequest, reply: FastifyReply): RequestContext {
  void reply.header('x-request-id', String(request.id)).header('x-content-type-options', 'nosniff');
  const given = request.headers['x-correlation-id'];
  const correlationId = typeof given === 'string' && SAFE_ID.test(given) ? given : String(request.id);
  return { requestId: String(request.id), correlationId, causeId: String(request.id) };
}

/** Believes X-Forwarded-For for the nearest `hops` proxies, as Fastify does for a number. */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}
