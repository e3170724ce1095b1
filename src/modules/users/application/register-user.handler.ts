import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { v7 as uuidV7 } from 'uuid';
import { Outbox } from '../../../shared/messaging/outbox/outbox.js';
import { Email } from '../domain/email.js';
import { PasswordHasher } from '../domain/password.hasher.js';
import { assertAcceptablePassword } from '../domain/password-policy.js';
import { User } from '../domain/user.js';
import { UserRepository } from '../domain/user.repository.js';
import { type UserSummary, UserRegisteredV1 } from '../public/index.js';
import { RegistrationThrottle } from './registration.throttle.js';
import { toUserSummary } from './user-summary.mapper.js';

export interface RegisterUserCommand {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  readonly clientIp: string;
}

/** Signs up a customer (public sign-up never grants `admin`) and announces it. */
@Injectable()
export class RegisterUserHandler {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly transactions: Transactions,
    private readonly outbox: Outbox,
    private readonly throttle: RegistrationThrottle,
  ) {}

  async execute(command: RegisterUserCommand): Promise<UserSummary> {
    const email = Email.parse(command.email);
    assertAcceptablePassword(command.password);
    User.validName(command.name);
    // Counted once the request is valid (a refused body costs nothing), before the slow hash and before the insert finds a taken email.
    await this.throttle.begin(command.clientIp);
    const now = new Date();
    const user = User.register({
      id: uuidV7(),
      email,
      name: command.name,
      passwordHash: await this.hasher.hash(command.password),
      now,
    });
    await this.transactions.run(async () => {
      await this.users.add(user);
      await this.outbox.append(UserRegisteredV1, user.id, { userId: user.id, email: user.email, name: user.name });
    });
    return toUserSummary(user);
  }
}
