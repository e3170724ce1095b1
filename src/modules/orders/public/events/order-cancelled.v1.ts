import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

export const OrderCancelledV1 = defineIntegrationEvent({
  type: 'orders.order-cancelled.v1',
  description:
    'The customer or an admin cancelled the order, or its shipment failed; whatever stock it holds must be released and its shipment stopped.',
  example: {
    orderId: '01a20070-2e80-7027-9c10-8e95813c8417',
    customerId: '01a2006f-ab6b-7ca6-9f96-9d78441ecf29',
    previousStatus: 'CONFIRMED',
  },
  shape: (p) => ({
    orderId: p.uuid('orderId'),
    customerId: p.uuid('customerId'),
    previousStatus: p.oneOf('previousStatus', ['PENDING', 'CONFIRMED', 'SHIPPED'] as const),
  }),
});
export type OrderCancelledV1 = EventPayload<typeof OrderCancelledV1>;
