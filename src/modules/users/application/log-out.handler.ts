import { Injectable } from '@nestjs/common';
import { RefreshTokens } from './refresh-token.store.js';

/**
 * Ends the session a refresh token belongs to. Access tokens already issued
 * stay valid until they expire (JWT_TTL_SECONDS): they are checked without
 * asking users, by every module.
 */
@Injectable()
export class LogOutHandler {
  constructor(private readonly refreshTokens: RefreshTokens) {}

  execute(refreshToken: string): Promise<void> {
    return this.refreshTokens.revoke(refreshToken);
  }
}
