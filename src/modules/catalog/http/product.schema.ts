/**
 * JSON schemas of the catalog's read responses, so Fastify serialises them
 * with a compiled serializer instead of JSON.stringify (the hottest routes).
 * They must list exactly the fields of ProductResponse / ProductPageResponse:
 * a field missing here would silently disappear from the response, which the
 * end-to-end tests would catch.
 */
export const PRODUCT_SCHEMA = {
  type: 'object',
  required: ['id', 'sku', 'name', 'description', 'priceCents', 'stock'],
  properties: {
    id: { type: 'string' },
    sku: { type: 'string' },
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    priceCents: { type: 'integer' },
    stock: { type: 'integer' },
  },
} as const;

export const PRODUCT_PAGE_SCHEMA = {
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: PRODUCT_SCHEMA },
    nextCursor: { type: ['string', 'null'] },
  },
} as const;
