import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../../../shared/errors/index.js';

export class EmailAlreadyRegisteredError extends ConflictError {
  override readonly code = 'users.email-taken';

  constructor() {
    super('An account with this email address already exists.');
  }
}

export class InvalidCredentialsError extends UnauthorizedError {
  override readonly code = 'users.invalid-credentials';

  constructor() {
    super('The email address or password is wrong.');
  }
}

export class UserNotFoundError extends NotFoundError {
  override readonly code = 'users.not-found';

  constructor() {
    super('No such user.');
  }
}

export class InvalidUserDataError extends ValidationError {
  override readonly code = 'users.invalid';

  constructor(field: string, message: string) {
    super(`${field} ${message}`, { [field]: [message] });
  }
}

export class InvalidRefreshTokenError extends UnauthorizedError {
  override readonly code = 'users.invalid-refresh-token';

  constructor() {
    super('The refresh token is not valid (unknown, expired, or its session has ended). Sign in again.');
  }
}

export class RefreshTokenReusedError extends UnauthorizedError {
  override readonly code = 'users.refresh-token-reused';

  constructor() {
    super(
      'This refresh token was already used, so a copy of it is in other hands: its session has been ended. Sign in again.',
    );
  }
}
