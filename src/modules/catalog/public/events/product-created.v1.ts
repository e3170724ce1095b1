import { defineIntegrationEvent, type EventPayload } from '../../../../shared/messaging/events/integration-event.js';

export const ProductCreatedV1 = defineIntegrationEvent({
  type: 'catalog.product-created.v1',
  description: 'A product was added to the catalog.',
  example: {
    productId: '01a20070-2d4a-7871-9dbc-9c8b08140c40',
    sku: 'TEA-1',
    name: 'Sencha, 100 g',
    priceCents: 1250,
    stock: 40,
  },
  shape: (p) => ({
    productId: p.uuid('productId'),
    sku: p.string('sku'),
    name: p.string('name'),
    priceCents: p.integer('priceCents', { min: 0 }),
    stock: p.integer('stock', { min: 0 }),
  }),
});
export type ProductCreatedV1 = EventPayload<typeof ProductCreatedV1>;
