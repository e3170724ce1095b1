import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

export const ProductPriceChangedV1 = defineIntegrationEvent({
  type: 'catalog.product-price-changed.v1',
  description: 'A product has a new price; orders placed before keep the price they were placed at.',
  example: { productId: '01a20070-2d4a-7871-9dbc-9c8b08140c40', previousPriceCents: 1250, priceCents: 1100 },
  shape: (p) => ({
    productId: p.uuid('productId'),
    previousPriceCents: p.integer('previousPriceCents', { min: 0 }),
    priceCents: p.integer('priceCents', { min: 0 }),
  }),
});
export type ProductPriceChangedV1 = EventPayload<typeof ProductPriceChangedV1>;
