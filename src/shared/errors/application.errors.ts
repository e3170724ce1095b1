/**
 * The typed errors every module throws. Each maps to exactly one HTTP status in
 * `shared/http/problem-details.filter.ts`; modules subclass them to name their
 * own failures (`InsufficientStockError extends ConflictError`) and never pick
 * a status code themselves.
 */
export abstract class ApplicationError extends Error {
  /** A stable, machine-readable code, e.g. `catalog.insufficient-stock`. */
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export type FieldErrors = Record<string, string[]>;

/** The input is well-formed JSON but breaks a rule; `fields` says which and why. */
export class ValidationError extends ApplicationError {
  readonly code: string = 'validation-failed';

  constructor(
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
  }

  static forField(field: string, message: string): ValidationError {
    return new ValidationError(`${field} ${message}`, { [field]: [message] });
  }
}

export class NotFoundError extends ApplicationError {
  readonly code: string = 'not-found';
}

/** The route exists, but not for this method. */
export class MethodNotAllowedError extends ApplicationError {
  readonly code: string = 'method-not-allowed';
}

/** A method this API serves on no resource at all (TRACE, CONNECT): refused everywhere alike, never forwarded. */
export class NotImplementedError extends ApplicationError {
  readonly code: string = 'not-implemented';
}

/** The request body comes in a type, charset or encoding this API does not read. */
export class UnsupportedMediaTypeError extends ApplicationError {
  readonly code: string = 'unsupported-media-type';
}

export class ConflictError extends ApplicationError {
  readonly code: string = 'conflict';
}

/** The request is understood but cannot be honoured as sent (e.g. an Idempotency-Key reused for a different request). */
export class UnprocessableError extends ApplicationError {
  readonly code: string = 'unprocessable';
}

export class UnauthorizedError extends ApplicationError {
  readonly code: string = 'unauthorized';
}

export class ForbiddenError extends ApplicationError {
  readonly code: string = 'forbidden';
}

export class RateLimitedError extends ApplicationError {
  readonly code: string = 'rate-limited';

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Another process of the deployment answered, but not usefully (it refused a service call): a deployment fault. */
export class BadGatewayError extends ApplicationError {
  readonly code: string = 'bad-gateway';
}

/** A dependency (a database, a remote module) cannot answer right now; retrying later may work. */
export class ServiceUnavailableError extends ApplicationError {
  readonly code: string = 'service-unavailable';

  constructor(
    message: string,
    /** When a retry may succeed; sent as Retry-After. */
    readonly retryAfterSeconds = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
