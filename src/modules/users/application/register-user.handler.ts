import { Injectable } from '@nestjs/common';
import { uuidV7 } from '../../../shared/kernel/uuid-v7.js';
import { Email } from '../domain/email.js';
import { PasswordHasher } from '../domain/password-hasher.js';
import { assertAcceptablePassword } from '../domain/password-policy.js';
import { User } from '../domain/user.js';
import { UserRepository } from '../domain/user.repository.js';
import type { UserSummary } from '../public/index.js';
import { toUserSummary } from './user-summary.mapper.js';

export interface RegisterUserCommand {
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

/** Signs up a customer. Public sign-up never grants `admin`. */
@Injectable()
export class RegisterUserHandler {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(command: RegisterUserCommand): Promise<UserSummary> {
    const email = Email.parse(command.email);
    assertAcceptablePassword(command.password);
    const now = new Date();
    const user = User.register({ id: uuidV7(now.getTime()), email, name: command.name, passwordHash: await this.hasher.hash(command.password), now });
    await this.users.add(user);
    return toUserSummary(user);
  }
}
