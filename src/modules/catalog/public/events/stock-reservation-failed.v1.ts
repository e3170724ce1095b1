import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

export const StockReservationFailedV1 = defineIntegrationEvent({
  type: 'catalog.stock-reservation-failed.v1',
  description: 'An order could not be reserved (a product is unknown or short); nothing was taken.',
  example: {
    orderId: '01a20070-2e80-7027-9c10-8e95813c8417',
    reason: 'Not enough stock for 01a20070-2d4a-7871-9dbc-9c8b08140c40: 2 requested, 1 available.',
    shortages: [{ productId: '01a20070-2d4a-7871-9dbc-9c8b08140c40', requested: 2, available: 1 }],
  },
  shape: (p) => ({
    orderId: p.uuid('orderId'),
    reason: p.string('reason'),
    shortages: p.array('shortages', (line) => ({
      productId: line.uuid('productId'),
      requested: line.integer('requested', { min: 1 }),
      available: line.integer('available', { min: 0 }),
    })),
  }),
});
export type StockReservationFailedV1 = EventPayload<typeof StockReservationFailedV1>;
