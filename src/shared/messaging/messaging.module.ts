import { type DynamicModule, Global, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { DeadLetterRegistry } from './dead-letter.registry.js';
import { DeadLettersController } from './dead-letters.controller.js';
import { EventTransport } from './event-transport.js';
import { InProcessTransport } from './in-process.transport.js';
import { MESSAGING_SETTINGS, type MessagingSettings } from './messaging-settings.js';

/** The process-wide half of messaging: the transport, delivery settings, and the dead-letter operations API. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(settings: MessagingSettings): DynamicModule {
    return {
      module: MessagingModule,
      imports: [EventEmitterModule.forRoot({ wildcard: false, maxListeners: 100 })],
      controllers: [DeadLettersController],
      providers: [
        { provide: MESSAGING_SETTINGS, useValue: settings },
        { provide: EventTransport, useClass: InProcessTransport },
        DeadLetterRegistry,
      ],
      exports: [MESSAGING_SETTINGS, EventTransport, DeadLetterRegistry],
    };
  }
}
