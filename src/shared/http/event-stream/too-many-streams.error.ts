import { RateLimitedError } from '../../errors/application.errors.js';

export class TooManyStreamsError extends RateLimitedError {
  override readonly code = 'too-many-streams';

  constructor(limit: number) {
    super(`At most ${limit} event streams may be open per account; close one first.`, 5);
  }
}
