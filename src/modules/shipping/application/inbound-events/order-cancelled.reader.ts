import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/index.js';

/** What shipping reads of `orders.order-cancelled.v1`: which order's shipment to stop. */
export const OrderCancelled = defineIntegrationEvent({
  type: 'orders.order-cancelled.v1',
  description: 'Read by shipping to cancel the PENDING shipment.',
  shape: (p) => ({ orderId: p.uuid('orderId') }),
});
export type OrderCancelled = EventPayload<typeof OrderCancelled>;
