import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenService } from './access-token.service.js';
import { AuthGuard } from './auth.guard.js';

/** Stateless authentication for every process: verifies tokens, guards routes, signs for `users`. */
@Global()
@Module({})
export class AuthModule {
  static forRoot(options: { jwtSecret: string; tokenTtlSeconds: number }): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: AccessTokenService, useValue: new AccessTokenService(options.jwtSecret, options.tokenTtlSeconds) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AccessTokenService],
    };
  }
}
