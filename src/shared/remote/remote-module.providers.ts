import { type DynamicModule, Inject, Injectable, type OnModuleInit, Optional, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ServiceTokenService } from '../auth/service-token.service.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { HealthRegistry } from '../health/health-registry.js';
import { EventStreams } from '../http/event-stream/event-streams.js';
import { DeadLetterRegistry } from '../messaging/dead-letters/dead-letter.registry.js';
import { LOGGER } from '../observability/logger.module.js';
import type { ModuleDefinition } from '../module-definition/module-definition.js';
import { Metrics } from '../observability/metrics.js';
import { registerModuleProxy } from './module-proxy.js';
import { RemoteDeadLetters } from './remote-dead-letters.js';
import { RemoteModuleStatus } from './remote-module-status.js';
import { ModuleStatusRegistry } from '../module-runtime/module-status.registry.js';
import { RemoteModuleClient } from './remote-module.client.js';
import { REMOTE_SETTINGS, type RemoteSettings } from './remote-settings.js';

export interface RemoteModuleOptions {
  /** Its name, and the public route prefixes the strangler proxy forwards. */
  readonly definition: ModuleDefinition;
  readonly url: string;
}

const OPTIONS = Symbol('REMOTE_MODULE_OPTIONS');

/** Wires the proxy, the health check and the dead letters of a remote module once the HTTP server exists. */
@Injectable()
class RemoteModuleWiring implements OnModuleInit {
  constructor(
    @Inject(OPTIONS) private readonly options: RemoteModuleOptions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly client: RemoteModuleClient,
    private readonly adapterHost: HttpAdapterHost,
    private readonly health: HealthRegistry,
    private readonly streams: EventStreams,
    @Optional() private readonly deadLetters?: DeadLetterRegistry,
    @Optional() private readonly statuses?: ModuleStatusRegistry,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    registerModuleProxy(fastify, {
      client: this.client,
      prefixes: this.options.definition.publicRoutes,
      timeoutMs: this.config.topology.proxyTimeoutMs,
      bodyLimitBytes: this.config.http.bodyLimitBytes,
      streams: this.streams,
    });
    this.health.register(`module:${this.options.definition.name}`, () => this.client.health(), 'remote');
    this.deadLetters?.registerRemote(
      this.client.baseUrl,
      this.options.definition.name,
      new RemoteDeadLetters(this.client),
    );
    this.statuses?.registerRemote(
      this.client.baseUrl,
      this.options.definition.name,
      new RemoteModuleStatus(this.client),
    );
  }
}

/**
 * What a module's `forRemote()` returns: its facade token bound to the module's
 * HTTP implementation over a client for its service endpoints, the strangler
 * proxy for its public routes, and a health check. Every module is lifted out
 * the same way; only the facade and its HTTP implementation are its own.
 */
export function remoteModule<Facade>(
  host: Type,
  options: RemoteModuleOptions & {
    readonly facade: abstract new (...args: never[]) => Facade;
    readonly overHttp: new (client: RemoteModuleClient) => Facade;
  },
): DynamicModule {
  const { facade, overHttp } = options;
  return {
    module: host,
    global: true,
    providers: [
      { provide: OPTIONS, useValue: options },
      {
        provide: RemoteModuleClient,
        inject: [REMOTE_SETTINGS, ServiceTokenService, Metrics, LOGGER],
        useFactory: (settings: RemoteSettings, tokens: ServiceTokenService, metrics: Metrics, logger: Logger) =>
          new RemoteModuleClient(
            options.definition.name,
            options.url.replace(/\/+$/, ''),
            settings,
            tokens,
            metrics,
            logger,
          ),
      },
      RemoteModuleWiring,
      {
        provide: facade,
        inject: [RemoteModuleClient],
        useFactory: (client: RemoteModuleClient) => new overHttp(client),
      },
    ],
    exports: [facade],
  };
}
