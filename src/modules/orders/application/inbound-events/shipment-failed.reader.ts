import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

/** What orders reads of `shipping.shipment-failed.v1`: which order to cancel in compensation, and why. */
export const ShipmentFailed = defineIntegrationEvent({
  type: 'shipping.shipment-failed.v1',
  description: 'Read by orders to cancel the order, which releases its stock.',
  shape: (p) => ({ shipmentId: p.uuid('shipmentId'), orderId: p.uuid('orderId'), reason: p.string('reason') }),
});
export type ShipmentFailed = EventPayload<typeof ShipmentFailed>;
