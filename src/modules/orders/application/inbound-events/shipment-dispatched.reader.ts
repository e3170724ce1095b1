import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

/** What orders reads of `shipping.shipment-dispatched.v1`: who carries it, under which tracking number. */
export const ShipmentDispatched = defineIntegrationEvent({
  type: 'shipping.shipment-dispatched.v1',
  description: "Read by orders to show the order's carrier and tracking number.",
  shape: (p) => ({
    shipmentId: p.uuid('shipmentId'),
    orderId: p.uuid('orderId'),
    carrier: p.string('carrier'),
    trackingNumber: p.string('trackingNumber'),
  }),
});
export type ShipmentDispatched = EventPayload<typeof ShipmentDispatched>;
