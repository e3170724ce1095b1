import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/index.js';

/** What shipping reads of `orders.order-confirmed.v1`: what to send, to whom, where. */
export const OrderConfirmed = defineIntegrationEvent({
  type: 'orders.order-confirmed.v1',
  description: 'Read by shipping to create the PENDING shipment.',
  shape: (p) => ({
    orderId: p.uuid('orderId'),
    customerId: p.uuid('customerId'),
    lines: p.array(
      'lines',
      (line) => ({ productId: line.uuid('productId'), quantity: line.integer('quantity', { min: 1 }) }),
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
export type OrderConfirmed = EventPayload<typeof OrderConfirmed>;
