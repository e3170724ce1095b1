import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { TESSERA_MODULES } from './module-registry.js';
import { AuthModule } from './shared/auth/index.js';
import { type AppConfig, ConfigModule } from './shared/config/index.js';
import { type DatabaseRuntime, DatabaseModule } from './shared/database/index.js';
import { HealthModule } from './shared/health/index.js';
import { HttpKernelModule } from './shared/http/index.js';
import { LoggerModule } from './shared/observability/index.js';

export interface AppModuleOptions {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly database: DatabaseRuntime;
  readonly jwtSecret: string;
}

/** The composition root: the shared kernel plus every module. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        LoggerModule.forRoot(options.logger),
        DatabaseModule.forRoot(options.database),
        AuthModule.forRoot({ jwtSecret: options.jwtSecret, tokenTtlSeconds: options.config.auth.tokenTtlSeconds }),
        HealthModule,
        HttpKernelModule,
        ...TESSERA_MODULES.map((module) => module.forRoot()),
      ],
    };
  }
}
