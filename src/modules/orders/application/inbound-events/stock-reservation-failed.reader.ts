import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

/** What orders reads of `catalog.stock-reservation-failed.v1`: which order to reject, and why. */
export const StockReservationFailed = defineIntegrationEvent({
  type: 'catalog.stock-reservation-failed.v1',
  description: 'Read by orders to reject the order with a reason.',
  shape: (p) => ({ orderId: p.uuid('orderId'), reason: p.string('reason') }),
});
export type StockReservationFailed = EventPayload<typeof StockReservationFailed>;
