import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/index.js';

export const ShipmentCreatedV1 = defineIntegrationEvent({
  type: 'shipping.shipment-created.v1',
  description: 'The order was confirmed; its shipment waits, PENDING, to be dispatched.',
  example: {
    shipmentId: '01a20071-0b3c-7f6e-8a1d-2c4b5e6f7a81',
    orderId: '01a20070-2e80-7027-9c10-8e95813c8417',
    customerId: '01a2006f-ab6b-7ca6-9f96-9d78441ecf29',
    lines: [{ productId: '01a20070-2d4a-7871-9dbc-9c8b08140c40', quantity: 2 }],
  },
  shape: (p) => ({
    shipmentId: p.uuid('shipmentId'),
    orderId: p.uuid('orderId'),
    customerId: p.uuid('customerId'),
    lines: p.array(
      'lines',
      (line) => ({ productId: line.uuid('productId'), quantity: line.integer('quantity', { min: 1 }) }),
      { min: 1 },
    ),
  }),
});
export type ShipmentCreatedV1 = EventPayload<typeof ShipmentCreatedV1>;
