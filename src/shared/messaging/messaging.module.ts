import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnModuleInit,
  type Provider,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { HealthCheckFailed } from '../health/health-check-failed.error.js';
import { HealthRegistry } from '../health/health-registry.js';
import { LOGGER } from '../observability/logger.module.js';
import { Metrics } from '../observability/metrics.js';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { DeadLetterRegistry } from './dead-letters/dead-letter.registry.js';
import { EventTransport } from './transport/event-transport.js';
import { InProcessTransport } from './transport/in-process.transport.js';
import { MESSAGING_SETTINGS, type MessagingSettings } from './messaging-settings.js';
import { type RabbitMqOptions, RabbitMqTransport } from './transport/rabbitmq.transport.js';

/** Connects the broker transport as soon as every subscription is known, and closes it at shutdown. */
@Injectable()
class BrokerLifecycle implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    @Inject(EventTransport) private readonly transport: RabbitMqTransport,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.health.register('broker', async () => {
      if (!this.transport.connected) throw new HealthCheckFailed('not connected to the message broker');
    });
    await this.transport.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.transport.stop();
  }
}

/**
 * The process-wide half of messaging: delivery settings, the dead-letter
 * operations API, and the transport — the in-process bus, or RabbitMQ when a
 * broker is configured (modules in several processes).
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(settings: MessagingSettings, broker?: RabbitMqOptions): DynamicModule {
    const transport: Provider[] = broker
      ? [
          {
            provide: EventTransport,
            inject: [Metrics, LOGGER],
            useFactory: (metrics: Metrics, logger: Logger) => new RabbitMqTransport(broker, settings, metrics, logger),
          },
          BrokerLifecycle,
        ]
      : [{ provide: EventTransport, useClass: InProcessTransport }];
    return {
      module: MessagingModule,
      imports: [EventEmitterModule.forRoot({ wildcard: false, maxListeners: 100 })],
      providers: [{ provide: MESSAGING_SETTINGS, useValue: settings }, ...transport, DeadLetterRegistry],
      exports: [MESSAGING_SETTINGS, EventTransport, DeadLetterRegistry],
    };
  }
}
