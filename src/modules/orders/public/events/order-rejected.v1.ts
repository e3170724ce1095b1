import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

export const OrderRejectedV1 = defineIntegrationEvent({
  type: 'orders.order-rejected.v1',
  description: 'Stock could not be reserved; the order is REJECTED with a reason.',
  example: {
    orderId: '01a20070-2e80-7027-9c10-8e95813c8417',
    customerId: '01a2006f-ab6b-7ca6-9f96-9d78441ecf29',
    reason: 'Not enough stock for 01a20070-2d4a-7871-9dbc-9c8b08140c40: 2 requested, 1 available.',
  },
  shape: (p) => ({ orderId: p.uuid('orderId'), customerId: p.uuid('customerId'), reason: p.string('reason') }),
});
export type OrderRejectedV1 = EventPayload<typeof OrderRejectedV1>;
