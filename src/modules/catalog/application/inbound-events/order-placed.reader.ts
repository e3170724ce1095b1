import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

/**
 * What catalog reads of `orders.order-placed.v1`: only what a reservation
 * needs. Catalog does not import the orders module; the contract test holds
 * this reader to the publisher's example.
 */
export const OrderPlaced = defineIntegrationEvent({
  type: 'orders.order-placed.v1',
  description: 'Read by catalog to reserve stock.',
  shape: (p) => ({
    orderId: p.uuid('orderId'),
    lines: p.array(
      'lines',
      (line) => ({ productId: line.uuid('productId'), quantity: line.integer('quantity', { min: 1 }) }),
      { min: 1 },
    ),
  }),
});
export type OrderPlaced = EventPayload<typeof OrderPlaced>;
