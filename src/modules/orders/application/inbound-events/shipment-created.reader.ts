import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

/** What orders reads of `shipping.shipment-created.v1`: the order now has a PENDING shipment. */
export const ShipmentCreated = defineIntegrationEvent({
  type: 'shipping.shipment-created.v1',
  description: "Read by orders to show the order's shipment.",
  shape: (p) => ({ shipmentId: p.uuid('shipmentId'), orderId: p.uuid('orderId') }),
});
export type ShipmentCreated = EventPayload<typeof ShipmentCreated>;
