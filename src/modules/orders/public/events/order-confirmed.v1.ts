import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

export const OrderConfirmedV1 = defineIntegrationEvent({
  type: 'orders.order-confirmed.v1',
  description:
    'Stock for every line was reserved; the order is CONFIRMED and ready to ship (lines and shippingAddress added without a new version: readers ignore fields they do not read).',
  example: {
    orderId: '01a20070-2e80-7027-9c10-8e95813c8417',
    customerId: '01a2006f-ab6b-7ca6-9f96-9d78441ecf29',
    totalCents: 2500,
    lines: [{ productId: '01a20070-2d4a-7871-9dbc-9c8b08140c40', quantity: 2, unitPriceCents: 1250 }],
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '12 St James Square',
      line2: null,
      city: 'London',
      postalCode: 'SW1Y 4JH',
      country: 'GB',
    },
  },
  shape: (p) => ({
    orderId: p.uuid('orderId'),
    customerId: p.uuid('customerId'),
    totalCents: p.integer('totalCents', { min: 0 }),
    lines: p.array(
      'lines',
      (line) => ({
        productId: line.uuid('productId'),
        quantity: line.integer('quantity', { min: 1 }),
        unitPriceCents: line.integer('unitPriceCents', { min: 0 }),
      }),
      { min: 1 },
    ),
    shippingAddress: p.nullableObject('shippingAddress', (address) => ({
      name: address.string('name'),
      line1: address.string('line1'),
      line2: address.nullableString('line2'),
      city: address.string('city'),
      postalCode: address.string('postalCode'),
      country: address.string('country'),
    })),
  }),
});
export type OrderConfirmedV1 = EventPayload<typeof OrderConfirmedV1>;
