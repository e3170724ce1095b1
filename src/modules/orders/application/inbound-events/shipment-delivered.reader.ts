import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

/** What orders reads of `shipping.shipment-delivered.v1`: which order is DELIVERED. */
export const ShipmentDelivered = defineIntegrationEvent({
  type: 'shipping.shipment-delivered.v1',
  description: 'Read by orders to mark the order DELIVERED.',
  shape: (p) => ({ shipmentId: p.uuid('shipmentId'), orderId: p.uuid('orderId') }),
});
export type ShipmentDelivered = EventPayload<typeof ShipmentDelivered>;
