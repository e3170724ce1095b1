import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../../../shared/config/index.js';
import { isUniqueViolation } from '../../../shared/database/errors/pg-errors.js';
import { LOGGER } from '../../../shared/observability/index.js';
import { v7 as uuidV7 } from 'uuid';
import { Email } from '../domain/email.js';
import { PasswordHasher } from '../domain/password.hasher.js';
import { User } from '../domain/user.js';
import { UserRepository } from '../domain/user.repository.js';
import { EmailAlreadyRegisteredError } from '../domain/users.errors.js';

/**
 * Makes sure `ADMIN_EMAIL` can sign in as an admin with `ADMIN_PASSWORD`:
 * creates the account, or promotes it and resets its password. Idempotent, and
 * safe when several instances start at once.
 */
@Injectable()
export class EnsureAdminHandler implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.admin) await this.execute(this.config.admin.email, this.config.admin.password);
  }

  async execute(rawEmail: string, password: string): Promise<void> {
    const email = Email.parse(rawEmail);
    const now = new Date();
    const existing = await this.users.findByEmail(email.value);
    if (existing) {
      const passwordMatches = await this.hasher.verify(password, existing.passwordHash);
      if (existing.isAdmin() && passwordMatches) return;
      existing.grantAdmin(now);
      if (!passwordMatches) existing.changePasswordHash(await this.hasher.hash(password), now);
      await this.users.save(existing);
      this.logger.info({ email: email.value }, 'admin account updated from ADMIN_EMAIL/ADMIN_PASSWORD');
      return;
    }
    const admin = User.register({
      id: uuidV7(),
      email,
      name: 'Administrator',
      passwordHash: await this.hasher.hash(password),
      now,
      roles: ['customer', 'admin'],
    });
    try {
      await this.users.add(admin);
      this.logger.info({ email: email.value }, 'admin account created from ADMIN_EMAIL/ADMIN_PASSWORD');
    } catch (error) {
      // Another instance created it first: then it exists, which is all we need.
      if (!(error instanceof EmailAlreadyRegisteredError) && !isUniqueViolation(error)) throw error;
    }
  }
}
