import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

export const OrderConfirmedV1 = defineIntegrationEvent({
  type: 'orders.order-confirmed.v1',
  description: 'Stock for every line was reserved; the order is CONFIRMED.',
  example: {
    orderId: '01a20070-2e80-7027-9c10-8e95813c8417',
    customerId: '01a2006f-ab6b-7ca6-9f96-9d78441ecf29',
    totalCents: 2500,
  },
  shape: (p) => ({
    orderId: p.uuid('orderId'),
    customerId: p.uuid('customerId'),
    totalCents: p.integer('totalCents', { min: 0 }),
  }),
});
export type OrderConfirmedV1 = EventPayload<typeof OrderConfirmedV1>;
