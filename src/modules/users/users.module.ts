import { type DynamicModule, Module } from '@nestjs/common';
import { usersDefinition } from './users.module-definition.js';
import { remoteModule } from '../../shared/remote/index.js';
import { ModuleRuntimeModule } from '../../shared/module-runtime/index.js';
import { EnsureAdminHandler } from './application/ensure-admin.handler.js';
import { GetUserProfileHandler } from './application/get-user-profile.handler.js';
import { LogInHandler } from './application/log-in.handler.js';
import { LoginThrottle } from './application/login.throttle.js';
import { LogOutHandler } from './application/log-out.handler.js';
import { RefreshSessionHandler } from './application/refresh-session.handler.js';
import { RefreshTokens } from './application/refresh-token.store.js';
import { RegisterUserHandler } from './application/register-user.handler.js';
import { RegistrationThrottle } from './application/registration.throttle.js';
import { UsersFacadeService } from './application/users-facade.service.js';
import { PasswordHasher } from './domain/password.hasher.js';
import { UserRepository } from './domain/user.repository.js';
import { ScryptPasswordHasher } from './infrastructure/scrypt-password.hasher.js';
import { SqlLoginThrottle } from './infrastructure/sql-login.throttle.js';
import { SqlRefreshTokens } from './infrastructure/sql-refresh-token.store.js';
import { SqlRegistrationThrottle } from './infrastructure/sql-registration.throttle.js';
import { TypeOrmUserRepository } from './infrastructure/typeorm-user.repository.js';
import { usersDatabase } from './infrastructure/users.database.js';
import { AuthController } from './http/auth.controller.js';
import { BrowserSessionController } from './http/browser-session.controller.js';
import { UsersController } from './http/users.controller.js';
import { InternalUsersController } from './http/internal-users.controller.js';
import { HttpUsersFacade } from './infrastructure/http-users.facade.js';
import { UsersFacade } from './public/index.js';

/**
 * Accounts and sign-in. Issues the access tokens every module verifies on its
 * own; no module calls `users` to authorise a request.
 */
@Module({})
export class UsersModule {
  /** Name, schema, dependencies, routes and events: declared once, in users.module-definition.ts. */
  static readonly definition = usersDefinition;
  /** The schema, entities and migrations this module owns; read by `npm run migrate`. */
  static readonly database = usersDatabase;

  /** When users runs in another process: its facade over HTTP, and its public routes proxied there. */
  static forRemote(url: string): DynamicModule {
    return remoteModule(UsersModule, {
      definition: usersDefinition,
      url,
      facade: UsersFacade,
      overHttp: HttpUsersFacade,
    });
  }

  static forRoot(): DynamicModule {
    return {
      module: UsersModule,
      global: true,
      imports: [ModuleRuntimeModule.forModule(usersDatabase)],
      controllers: [UsersController, AuthController, BrowserSessionController, InternalUsersController],
      providers: [
        { provide: UserRepository, useClass: TypeOrmUserRepository },
        { provide: PasswordHasher, useClass: ScryptPasswordHasher },
        { provide: UsersFacade, useClass: UsersFacadeService },
        { provide: LoginThrottle, useClass: SqlLoginThrottle },
        { provide: RegistrationThrottle, useClass: SqlRegistrationThrottle },
        { provide: RefreshTokens, useClass: SqlRefreshTokens },
        RegisterUserHandler,
        LogInHandler,
        RefreshSessionHandler,
        LogOutHandler,
        GetUserProfileHandler,
        EnsureAdminHandler,
      ],
      exports: [UsersFacade],
    };
  }
}
