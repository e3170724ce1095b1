import { STATUS_CODES } from 'node:http';
import { isDatabaseUnavailable } from '../../database/errors/pg-errors.js';
import {
  ApplicationError,
  BadGatewayError,
  ConflictError,
  type FieldErrors,
  ForbiddenError,
  MethodNotAllowedError,
  NotImplementedError,
  UnsupportedMediaTypeError,
  NotFoundError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnprocessableError,
  ValidationError,
} from '../../errors/application.errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** RFC 9457 problem details, with `errors` per field on validation failures. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  /** The OpenTelemetry trace of the request, when tracing is on. */
  traceId?: string;
  errors?: FieldErrors;
}

export interface Problem {
  readonly body: ProblemDetails;
  readonly headers: Record<string, string>;
  /** Unexpected failures are logged with their stack; expected ones are not. */
  readonly unexpected: boolean;
}

interface HttpLikeError {
  statusCode?: number;
  status?: number;
  code?: string;
  message?: string;
  getStatus?: () => number;
  getResponse?: () => unknown;
  /** Nest wraps Fastify's own 4xx errors in an HttpException whose cause is the FastifyError. */
  cause?: { code?: string };
}

/**
 * The single place where an error becomes an HTTP status. Application errors
 * map by type; framework errors (Fastify body parsing, Nest routing) keep their
 * status with a safe message; anything else is a 500 that reveals nothing.
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof ApplicationError) return fromApplicationError(error);
  const http = error as HttpLikeError;
  const status = typeof http?.getStatus === 'function' ? http.getStatus() : (http?.statusCode ?? http?.status);
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const result = problem(status, frameworkCode(http, status), frameworkDetail(http, status));
    // Every 400 says what was wrong per field; when the request could not be read at all, the "field" is the part that could not.
    if (status !== 400) return result;
    const message = result.body.code === 'malformed-json' ? 'must be valid JSON' : result.body.detail;
    const part =
      result.body.code === 'malformed-url' ? 'url' : result.body.code === 'malformed-request' ? 'request' : 'body';
    return { ...result, body: { ...result.body, errors: { [part]: [message] } } };
  }
  if (isDatabaseUnavailable(error)) {
    // Logged like any unexpected failure, but told to the client as what it is: try again later.
    const result = problem(
      503,
      'database-unavailable',
      'A database this request needs is not answering; try again shortly.',
    );
    return { ...result, headers: { 'retry-after': '1' }, unexpected: true };
  }
  return {
    ...problem(
      500,
      'internal-error',
      'An unexpected error occurred. It has been logged; quote the request id when reporting it.',
    ),
    unexpected: true,
  };
}

function fromApplicationError(error: ApplicationError): Problem {
  if (error instanceof ValidationError) {
    const result = problem(400, error.code, error.message);
    return { ...result, body: { ...result.body, errors: error.fields } };
  }
  if (error instanceof RateLimitedError || error instanceof ServiceUnavailableError) {
    const result = problem(error instanceof RateLimitedError ? 429 : 503, error.code, error.message);
    return {
      ...result,
      headers: { ...result.headers, 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) },
    };
  }
  const status =
    error instanceof NotFoundError
      ? 404
      : error instanceof MethodNotAllowedError
        ? 405
        : error instanceof UnsupportedMediaTypeError
          ? 415
          : error instanceof ConflictError
            ? 409
            : error instanceof UnauthorizedError
              ? 401
              : error instanceof ForbiddenError
                ? 403
                : error instanceof BadGatewayError
                  ? 502
                  : error instanceof UnprocessableError
                    ? 422
                    : error instanceof NotImplementedError
                      ? 501
                      : 400;
  const result = problem(status, error.code, error.message);
  return status === 401 ? { ...result, headers: { ...result.headers, 'www-authenticate': 'Bearer' } } : result;
}

function problem(status: number, code: string, detail: string): Problem {
  return {
    body: { type: `urn:tessera:problem:${code}`, title: STATUS_CODES[status] ?? 'Error', status, detail, code },
    headers: {},
    unexpected: false,
  };
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid-content-length',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-json',
  FST_ERR_BAD_URL: 'malformed-url',
  FST_ERR_MAX_PARAM_LENGTH: 'uri-too-long',
  // Node's HTTP parser, before Fastify sees the request.
  HPE_HEADER_OVERFLOW: 'headers-too-large',
  ERR_HTTP_REQUEST_TIMEOUT: 'request-timeout',
};

function frameworkCode(error: HttpLikeError, status: number): string {
  const fastifyCode = error.code ?? error.cause?.code;
  if (fastifyCode && FASTIFY_CODES[fastifyCode]) return FASTIFY_CODES[fastifyCode];
  if (fastifyCode?.startsWith('HPE_')) return 'malformed-request';
  if (status === 400 && ((error as Error).name === 'SyntaxError' || /not valid JSON/i.test(error.message ?? '')))
    return 'malformed-json';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 405) return 'method-not-allowed';
  if (status === 413) return 'body-too-large';
  if (status === 415) return 'unsupported-media-type';
  return 'bad-request';
}

function frameworkDetail(error: HttpLikeError, status: number): string {
  const code = frameworkCode(error, status);
  if (code === 'malformed-json') return 'The request body is not valid JSON.';
  if (code === 'body-too-large') return 'The request body is larger than this server accepts.';
  if (code === 'unsupported-media-type') return 'Send the request body as application/json.';
  if (code === 'malformed-url') return 'The request URL is not valid (check its percent-encoding).';
  if (code === 'uri-too-long') return 'A segment of the request URL is longer than any identifier this API uses.';
  if (code === 'headers-too-large') return 'The request headers are larger than this server accepts.';
  if (code === 'request-timeout') return 'The request was not received in time.';
  if (code === 'malformed-request')
    return 'The request is not valid HTTP/1.1 (its request line, headers, length or chunked encoding).';
  if (status === 404) return 'No resource exists at this address.';
  // Nest's own HttpExceptions carry messages written for clients; others may not.
  const response = typeof error.getResponse === 'function' ? error.getResponse() : undefined;
  const message =
    typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
  return typeof message === 'string' ? message : (STATUS_CODES[status] ?? 'The request was not accepted.');
}
