import type { ModuleDefinition } from '../../shared/module-definition/index.js';

export const catalogDefinition = {
  name: 'catalog',
  schema: 'catalog',
  description: 'Products, prices and stock, and the stock side of the order saga.',
  dependsOn: [],
  publicRoutes: ['/api/catalog'],
  publishes: [
    'catalog.product-created.v1',
    'catalog.product-price-changed.v1',
    'catalog.stock-reserved.v1',
    'catalog.stock-reservation-failed.v1',
    'catalog.stock-released.v1',
  ],
  consumes: ['orders.order-placed.v1', 'orders.order-cancelled.v1'],
} as const satisfies ModuleDefinition;
