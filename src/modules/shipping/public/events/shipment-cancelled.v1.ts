import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/index.js';

export const ShipmentCancelledV1 = defineIntegrationEvent({
  type: 'shipping.shipment-cancelled.v1',
  description: 'The order was cancelled before dispatch; its shipment will not be sent.',
  example: { shipmentId: '01a20071-0b3c-7f6e-8a1d-2c4b5e6f7a81', orderId: '01a20070-2e80-7027-9c10-8e95813c8417' },
  shape: (p) => ({ shipmentId: p.uuid('shipmentId'), orderId: p.uuid('orderId') }),
});
export type ShipmentCancelledV1 = EventPayload<typeof ShipmentCancelledV1>;
