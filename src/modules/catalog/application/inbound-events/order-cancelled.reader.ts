import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

/** What catalog reads of `orders.order-cancelled.v1`: which order's stock to release. */
export const OrderCancelled = defineIntegrationEvent({
  type: 'orders.order-cancelled.v1',
  description: 'Read by catalog to release stock.',
  shape: (p) => ({ orderId: p.uuid('orderId') }),
});
export type OrderCancelled = EventPayload<typeof OrderCancelled>;
