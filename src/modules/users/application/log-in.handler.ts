import { Injectable } from '@nestjs/common';
import { AccessTokenService, type IssuedToken } from '../../../shared/auth/index.js';
import { Email } from '../domain/email.js';
import { PasswordHasher } from '../domain/password.hasher.js';
import { UserRepository } from '../domain/user.repository.js';
import { InvalidCredentialsError } from '../domain/users.errors.js';
import { LoginThrottle } from './login.throttle.js';
import { type IssuedRefreshToken, RefreshTokens } from './refresh-token.store.js';
import type { UserSummary } from '../public/index.js';
import { toUserSummary } from './user-summary.mapper.js';

export interface LogInCommand {
  readonly email: string;
  readonly password: string;
  readonly clientIp: string;
}

/** A hash of a random password, verified when the email is unknown so both paths cost the same. */
const DECOY_HASH =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** A signed-in session: who, the short-lived access token, and the refresh token that renews it. */
export type SignedIn = IssuedToken & IssuedRefreshToken & { readonly user: UserSummary };

/** Exchanges an email and password for an access token and a refresh token. */
@Injectable()
export class LogInHandler {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokenService,
    private readonly throttle: LoginThrottle,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  async execute(command: LogInCommand): Promise<SignedIn> {
    const email = Email.normalise(command.email);
    await this.throttle.begin(email, command.clientIp);
    const user = await this.users.findByEmail(email);
    const valid = await this.hasher.verify(command.password, user?.passwordHash ?? DECOY_HASH);
    if (!user || !valid) throw new InvalidCredentialsError(); // the attempt stays counted
    await this.throttle.succeeded(email, command.clientIp);
    return {
      ...this.tokens.issue({ userId: user.id, email: user.email, roles: user.roles }),
      ...(await this.refreshTokens.issue(user.id)),
      user: toUserSummary(user),
    };
  }
}
