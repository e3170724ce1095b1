import type { IntegrationEventHandlerClass } from '../messaging/index.js';
import { declaredHandlers } from './declared-handlers.js';
import type { ModuleDefinition } from './module-definition.js';

const handlerOf = (type: string) => ({ event: { type } }) as unknown as IntegrationEventHandlerClass;
const shipping = (consumes: string[]): ModuleDefinition => ({
  name: 'shipping',
  schema: 'shipping',
  description: 'Shipments.',
  dependsOn: [],
  publicRoutes: ['/api/shipments'],
  publishes: [],
  consumes,
});

describe('declaredHandlers', () => {
  it('returns the handlers when they read exactly the declared events', () => {
    const handlers = [handlerOf('orders.order-confirmed.v1'), handlerOf('orders.order-cancelled.v1')];
    expect(declaredHandlers(shipping(['orders.order-cancelled.v1', 'orders.order-confirmed.v1']), ...handlers)).toEqual(
      handlers,
    );
  });

  it('refuses a handler for an undeclared event and a declared event nobody handles, naming both', () => {
    expect(() =>
      declaredHandlers(shipping(['orders.order-placed.v1']), handlerOf('orders.order-confirmed.v1')),
    ).toThrow(
      'shipping.module-definition.ts must list in "consumes" exactly the events its handlers read; ' +
        'handled but not declared: orders.order-confirmed.v1; declared but not handled: orders.order-placed.v1',
    );
  });
});
