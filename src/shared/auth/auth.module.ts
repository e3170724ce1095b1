import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenService } from './access-token.service.js';
import { AuthGuard } from './auth.guard.js';
import { ServiceTokenService } from './service-token.service.js';

/** Stateless authentication for every process: verifies user and service tokens, guards routes, signs for `users`. */
@Global()
@Module({})
export class AuthModule {
  static forRoot(options: { jwtSecret: string; tokenTtlSeconds: number; serviceToken?: string }): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: AccessTokenService, useValue: new AccessTokenService(options.jwtSecret, options.tokenTtlSeconds) },
        { provide: ServiceTokenService, useValue: new ServiceTokenService(options.serviceToken) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AccessTokenService, ServiceTokenService],
    };
  }
}
