import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

export const StockReleasedV1 = defineIntegrationEvent({
  type: 'catalog.stock-released.v1',
  description: 'The stock a cancelled order held is back on the shelf.',
  example: {
    orderId: '01a20070-2e80-7027-9c10-8e95813c8417',
    lines: [{ productId: '01a20070-2d4a-7871-9dbc-9c8b08140c40', quantity: 2 }],
  },
  shape: (p) => ({
    orderId: p.uuid('orderId'),
    lines: p.array(
      'lines',
      (line) => ({ productId: line.uuid('productId'), quantity: line.integer('quantity', { min: 1 }) }),
      { min: 1 },
    ),
  }),
});
export type StockReleasedV1 = EventPayload<typeof StockReleasedV1>;
