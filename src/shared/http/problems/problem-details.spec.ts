import {
  ApplicationError,
  ConflictError,
  ForbiddenError,
  MethodNotAllowedError,
  NotImplementedError,
  NotFoundError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnprocessableError,
  ValidationError,
} from '../../errors/application.errors.js';
import { toProblem } from './problem-details.js';

class StockGoneError extends ConflictError {
  override readonly code = 'catalog.insufficient-stock';
}

describe('toProblem', () => {
  it('maps a ValidationError to 400 with the field errors', () => {
    const problem = toProblem(new ValidationError('name must not be empty', { name: ['must not be empty'] }));
    expect(problem).toEqual({
      body: {
        type: 'urn:tessera:problem:validation-failed',
        title: 'Bad Request',
        status: 400,
        detail: 'name must not be empty',
        code: 'validation-failed',
        errors: { name: ['must not be empty'] },
      },
      headers: {},
      unexpected: false,
    });
  });

  it('keeps a ValidationError subclass code and the fields of ValidationError.forField', () => {
    const problem = toProblem(ValidationError.forField('cursor', 'is bad'));
    expect(problem.body.status).toBe(400);
    expect(problem.body.errors).toEqual({ cursor: ['is bad'] });
  });

  it.each([
    [new NotFoundError('No such thing.'), 404, 'Not Found', 'not-found'],
    [new MethodNotAllowedError('Not with DELETE.'), 405, 'Method Not Allowed', 'method-not-allowed'],
    [new NotImplementedError('Never TRACE.'), 501, 'Not Implemented', 'not-implemented'],
    [new ConflictError('Already there.'), 409, 'Conflict', 'conflict'],
    [new ForbiddenError('Not yours.'), 403, 'Forbidden', 'forbidden'],
    [new UnprocessableError('Key reused.'), 422, 'Unprocessable Entity', 'unprocessable'],
  ] as [ApplicationError, number, string, string][])('maps %p to %i', (error, status, title, code) => {
    const problem = toProblem(error);
    expect(problem.body).toEqual({ type: `urn:tessera:problem:${code}`, title, status, detail: error.message, code });
    expect(problem.headers).toEqual({});
    expect(problem.unexpected).toBe(false);
  });

  it('maps an UnauthorizedError to 401 with a Bearer challenge', () => {
    const problem = toProblem(new UnauthorizedError('Sign in first.'));
    expect(problem.body).toMatchObject({
      status: 401,
      title: 'Unauthorized',
      code: 'unauthorized',
      detail: 'Sign in first.',
    });
    expect(problem.headers).toEqual({ 'www-authenticate': 'Bearer' });
  });

  it('maps a ServiceUnavailableError to 503 with retry-after, one second unless it says otherwise', () => {
    expect(toProblem(new ServiceUnavailableError('Database down.'))).toEqual({
      body: {
        type: 'urn:tessera:problem:service-unavailable',
        title: 'Service Unavailable',
        status: 503,
        detail: 'Database down.',
        code: 'service-unavailable',
      },
      headers: { 'retry-after': '1' },
      unexpected: false,
    });
    expect(toProblem(new ServiceUnavailableError('Circuit open.', 2.2)).headers).toEqual({ 'retry-after': '3' });
  });

  it('maps a RateLimitedError to 429 with retry-after', () => {
    const problem = toProblem(new RateLimitedError('Slow down.', 42));
    expect(problem.body).toMatchObject({
      status: 429,
      title: 'Too Many Requests',
      code: 'rate-limited',
      detail: 'Slow down.',
    });
    expect(problem.headers).toEqual({ 'retry-after': '42' });
    expect(problem.unexpected).toBe(false);
  });

  it("uses a module subclass's own code with its parent's status", () => {
    const problem = toProblem(new StockGoneError('Only 2 left.'));
    expect(problem.body).toMatchObject({
      status: 409,
      code: 'catalog.insufficient-stock',
      type: 'urn:tessera:problem:catalog.insufficient-stock',
    });
  });

  it('turns a generic Error into a 500 that reveals nothing of it', () => {
    const problem = toProblem(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'));
    expect(problem.body.status).toBe(500);
    expect(problem.body.code).toBe('internal-error');
    expect(problem.body.title).toBe('Internal Server Error');
    expect(problem.unexpected).toBe(true);
    const text = JSON.stringify(problem);
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('10.0.0.5');
  });

  it.each([
    ['a string', 'boom'],
    ['null', null],
    ['undefined', undefined],
    ['an object with a 5xx statusCode', { statusCode: 502, message: 'upstream secret' }],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'x')")],
  ])('turns %s into an unexpected 500', (_label, thrown) => {
    const problem = toProblem(thrown);
    expect(problem.body.status).toBe(500);
    expect(problem.unexpected).toBe(true);
    expect(JSON.stringify(problem)).not.toMatch(/secret|reading 'x'/);
  });

  it('maps a 413 error to body-too-large', () => {
    const problem = toProblem({ statusCode: 413, message: 'Request body is too large' });
    expect(problem.body).toMatchObject({
      status: 413,
      code: 'body-too-large',
      title: 'Payload Too Large',
      detail: 'The request body is larger than this server accepts.',
    });
    expect(problem.unexpected).toBe(false);
  });

  it("maps Fastify's FST_ERR_CTP_BODY_TOO_LARGE to body-too-large", () => {
    const error = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toProblem(error).body).toMatchObject({
      status: 413,
      code: 'body-too-large',
      type: 'urn:tessera:problem:body-too-large',
    });
  });

  it('maps malformed JSON to 400 malformed-json', () => {
    const error = Object.assign(new SyntaxError('Unexpected token } in JSON at position 9'), { statusCode: 400 });
    expect(toProblem(error).body).toMatchObject({
      status: 400,
      code: 'malformed-json',
      detail: 'The request body is not valid JSON.',
    });
    expect(toProblem({ statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY' }).body.code).toBe('malformed-json');
  });

  it('maps an unsupported media type to 415', () => {
    expect(toProblem({ statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }).body).toMatchObject({
      status: 415,
      code: 'unsupported-media-type',
    });
  });

  it('maps a framework 404 to not-found with a fixed message', () => {
    expect(toProblem({ statusCode: 404, message: 'Route GET:/secret not found' }).body).toEqual({
      type: 'urn:tessera:problem:not-found',
      title: 'Not Found',
      status: 404,
      detail: 'No resource exists at this address.',
      code: 'not-found',
    });
  });

  it("keeps a Nest HttpException's client-facing message", () => {
    const nestLike = {
      getStatus: () => 405,
      getResponse: () => ({ message: 'Method not allowed here', statusCode: 405 }),
    };
    expect(toProblem(nestLike).body).toMatchObject({
      status: 405,
      code: 'method-not-allowed',
      detail: 'Method not allowed here',
    });
  });

  it('does not echo the message of a non-Nest 4xx error', () => {
    expect(toProblem({ statusCode: 400, message: 'internal parser detail' }).body).toMatchObject({
      status: 400,
      code: 'bad-request',
      detail: 'Bad Request',
    });
  });
});
