import type { Provider, Type } from '@nestjs/common';
import { EventTransport } from './event-transport.js';
import { Inbox } from './inbox.js';
import type { IntegrationEventHandler } from './integration-event-handler.js';

/**
 * Declares a module's event handlers (listed among its providers): each is
 * registered with the module's inbox and subscribed on the transport.
 */
export function integrationEventHandlers(...handlers: Type<IntegrationEventHandler<any>>[]): Provider {
  return {
    provide: Symbol('integration-event-handlers'),
    inject: [Inbox, EventTransport, ...handlers],
    useFactory: (inbox: Inbox, transport: EventTransport, ...instances: IntegrationEventHandler<any>[]) => {
      for (const handler of instances) inbox.register(handler);
      const types = [...new Set(instances.map((handler) => handler.event.type))];
      transport.subscribe(inbox.module, types, async (envelope) => {
        const outcomes = await Promise.all(inbox.handlersFor(envelope.type).map((handler) => inbox.receive(handler, envelope)));
        return outcomes.includes('parked') ? 'parked' : 'handled';
      });
      return instances;
    },
  };
}
