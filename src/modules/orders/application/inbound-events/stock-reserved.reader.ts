import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

/** What orders reads of `catalog.stock-reserved.v1`: which order can be confirmed. */
export const StockReserved = defineIntegrationEvent({
  type: 'catalog.stock-reserved.v1',
  description: 'Read by orders to confirm the order.',
  shape: (p) => ({ orderId: p.uuid('orderId') }),
});
export type StockReserved = EventPayload<typeof StockReserved>;
