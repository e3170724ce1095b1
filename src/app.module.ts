import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuthModule } from './shared/auth/index.js';
import { type AppConfig, ConfigModule } from './shared/config/index.js';
import { type DatabaseRuntime, DatabaseModule } from './shared/database/index.js';
import { HealthModule } from './shared/health/index.js';
import { HttpKernelModule } from './shared/http/index.js';
import { EventStreamModule } from './shared/http/event-stream/index.js';
import { ModuleStatusModule } from './shared/module-runtime/index.js';
import { AsyncApiModule } from './operations/asyncapi/asyncapi.module.js';
import { DeadLettersModule } from './operations/dead-letters/dead-letters.module.js';
import { LiveEventsModule } from './operations/live-events/live-events.module.js';
import { ModulesModule } from './operations/modules/modules.module.js';
import { MessagingModule, type RabbitMqOptions } from './shared/messaging/index.js';
import { RemoteModule } from './shared/remote/index.js';
import { LoggerModule, type Metrics, MetricsModule } from './shared/observability/index.js';

export interface AppModuleOptions {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly database: DatabaseRuntime;
  readonly jwtSecret: string;
  readonly metrics: Metrics;
  /** The bounded-context modules this process hosts (module tests host one, with stand-ins for the rest). */
  readonly modules: DynamicModule[];
  /** Set when events cross processes through RabbitMQ. */
  readonly broker?: RabbitMqOptions;
  /** Names this process in service tokens. */
  readonly processName: string;
}

/** The composition root: the shared kernel plus the modules this process hosts. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        LoggerModule.forRoot(options.logger),
        DatabaseModule.forRoot(options.database),
        AuthModule.forRoot({
          jwtSecret: options.jwtSecret,
          tokenTtlSeconds: options.config.auth.tokenTtlSeconds,
          serviceToken: options.config.topology.serviceToken,
        }),
        HealthModule,
        MetricsModule.forRoot(options.metrics, options.config.metrics.token),
        MessagingModule.forRoot(options.config.messaging, options.broker),
        DeadLettersModule,
        ModulesModule,
        LiveEventsModule,
        AsyncApiModule,
        RemoteModule.forRoot({
          timeoutMs: options.config.topology.remoteTimeoutMs,
          retries: options.config.topology.remoteRetries,
          breakerFailureThreshold: options.config.topology.breakerFailureThreshold,
          breakerResetMs: options.config.topology.breakerResetMs,
          caller: options.processName,
        }),
        HttpKernelModule,
        EventStreamModule,
        ModuleStatusModule,
        ...options.modules,
      ],
    };
  }
}
