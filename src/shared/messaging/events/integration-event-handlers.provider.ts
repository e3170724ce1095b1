import type { Provider } from '@nestjs/common';
import { EventTransport } from '../transport/event-transport.js';
import { Inbox } from '../inbox/inbox.js';
import {
  consumedEventTypes,
  type IntegrationEventHandler,
  type IntegrationEventHandlerClass,
} from './integration-event-handler.js';

/**
 * Declares a module's event handlers (listed among its providers): each is
 * registered with the module's inbox and subscribed on the transport.
 */
export function integrationEventHandlers(...handlers: IntegrationEventHandlerClass[]): Provider {
  return {
    provide: Symbol('integration-event-handlers'),
    inject: [Inbox, EventTransport, ...handlers],
    useFactory: (inbox: Inbox, transport: EventTransport, ...instances: IntegrationEventHandler[]) => {
      instances.forEach((handler, index) => inbox.register(handler, handlers[index].event));
      transport.subscribe(inbox.module, consumedEventTypes(handlers), async (envelope) => {
        const outcomes = await Promise.all(
          inbox.handlersFor(envelope.type).map((handler) => inbox.receive(handler, envelope)),
        );
        return outcomes.includes('parked') ? 'parked' : 'handled';
      });
      return instances;
    },
  };
}
