import { ValidationError } from '../../errors/application.errors.js';

/** The request itself is not acceptable HTTP (as Node's parser would refuse it): a 400 naming the request, not a field. */
export class MalformedRequestError extends ValidationError {
  override readonly code = 'malformed-request';

  constructor(reason: string) {
    super(`The request is not valid HTTP/1.1: ${reason}`, { request: [reason] });
  }
}
