import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

/** What orders reads of `shipping.shipment-cancelled.v1`: the order's shipment was stopped. */
export const ShipmentCancelled = defineIntegrationEvent({
  type: 'shipping.shipment-cancelled.v1',
  description: "Read by orders to show the order's shipment as CANCELLED.",
  shape: (p) => ({ shipmentId: p.uuid('shipmentId'), orderId: p.uuid('orderId') }),
});
export type ShipmentCancelled = EventPayload<typeof ShipmentCancelled>;
