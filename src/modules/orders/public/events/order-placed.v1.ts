import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

export const OrderPlacedV1 = defineIntegrationEvent({
  type: 'orders.order-placed.v1',
  description: 'A customer placed an order; it is PENDING until stock is reserved or refused.',
  example: {
    orderId: '01a20070-2e80-7027-9c10-8e95813c8417',
    customerId: '01a2006f-ab6b-7ca6-9f96-9d78441ecf29',
    lines: [{ productId: '01a20070-2d4a-7871-9dbc-9c8b08140c40', quantity: 2, unitPriceCents: 1250 }],
    totalCents: 2500,
  },
  shape: (p) => ({
    orderId: p.uuid('orderId'),
    customerId: p.uuid('customerId'),
    lines: p.array(
      'lines',
      (line) => ({
        productId: line.uuid('productId'),
        quantity: line.integer('quantity', { min: 1 }),
        unitPriceCents: line.integer('unitPriceCents', { min: 0 }),
      }),
      { min: 1 },
    ),
    totalCents: p.integer('totalCents', { min: 0 }),
  }),
});
export type OrderPlacedV1 = EventPayload<typeof OrderPlacedV1>;
