import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/index.js';

export const ShipmentDispatchedV1 = defineIntegrationEvent({
  type: 'shipping.shipment-dispatched.v1',
  description: 'The parcel left with a carrier; orders had marked the order SHIPPED first.',
  example: {
    shipmentId: '01a20071-0b3c-7f6e-8a1d-2c4b5e6f7a81',
    orderId: '01a20070-2e80-7027-9c10-8e95813c8417',
    carrier: 'Royal Mail',
    trackingNumber: 'RM123456789GB',
  },
  shape: (p) => ({
    shipmentId: p.uuid('shipmentId'),
    orderId: p.uuid('orderId'),
    carrier: p.string('carrier'),
    trackingNumber: p.string('trackingNumber'),
  }),
});
export type ShipmentDispatchedV1 = EventPayload<typeof ShipmentDispatchedV1>;
