import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/index.js';

export const ShipmentDeliveredV1 = defineIntegrationEvent({
  type: 'shipping.shipment-delivered.v1',
  description: 'The carrier delivered the parcel; the order becomes DELIVERED.',
  example: { shipmentId: '01a20071-0b3c-7f6e-8a1d-2c4b5e6f7a81', orderId: '01a20070-2e80-7027-9c10-8e95813c8417' },
  shape: (p) => ({ shipmentId: p.uuid('shipmentId'), orderId: p.uuid('orderId') }),
});
export type ShipmentDeliveredV1 = EventPayload<typeof ShipmentDeliveredV1>;
