import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/index.js';

/** What shipping reads of `orders.order-cancelled.v1`: which order's shipment to stop, and whether it had one coming. */
export const OrderCancelled = defineIntegrationEvent({
  type: 'orders.order-cancelled.v1',
  description: 'Read by shipping to cancel the PENDING shipment.',
  shape: (p) => ({
    orderId: p.uuid('orderId'),
    customerId: p.uuid('customerId'),
    previousStatus: p.oneOf('previousStatus', ['PENDING', 'CONFIRMED', 'SHIPPED'] as const),
  }),
});
export type OrderCancelled = EventPayload<typeof OrderCancelled>;
