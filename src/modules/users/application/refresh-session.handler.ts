import { Injectable } from '@nestjs/common';
import { AccessTokenService } from '../../../shared/auth/index.js';
import { UserRepository } from '../domain/user.repository.js';
import { InvalidRefreshTokenError, RefreshTokenReusedError } from '../domain/users.errors.js';
import type { SignedIn } from './log-in.handler.js';
import { RefreshTokens } from './refresh-token.store.js';
import { toUserSummary } from './user-summary.mapper.js';

/** Spends a refresh token for a new access token (with the user's current roles) and the next refresh token. */
@Injectable()
export class RefreshSessionHandler {
  constructor(
    private readonly refreshTokens: RefreshTokens,
    private readonly users: UserRepository,
    private readonly tokens: AccessTokenService,
  ) {}

  async execute(refreshToken: string): Promise<SignedIn> {
    const spent = await this.refreshTokens.rotate(refreshToken);
    if (spent.outcome === 'reused') throw new RefreshTokenReusedError();
    if (spent.outcome === 'invalid') throw new InvalidRefreshTokenError();
    const user = await this.users.findById(spent.userId);
    if (!user) throw new InvalidRefreshTokenError();
    return {
      ...this.tokens.issue({ userId: user.id, email: user.email, roles: user.roles }),
      ...spent.next,
      user: toUserSummary(user),
    };
  }
}
