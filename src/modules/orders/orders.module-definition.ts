import type { ModuleDefinition } from '../../shared/module-definition/index.js';

export const ordersDefinition = {
  name: 'orders',
  schema: 'orders',
  description: "Customers' orders and the order side of the saga; prices come from catalog's facade.",
  dependsOn: ['catalog'],
  publicRoutes: ['/api/orders', '/api/admin/orders'],
  publishes: [
    'orders.order-placed.v1',
    'orders.order-confirmed.v1',
    'orders.order-rejected.v1',
    'orders.order-cancelled.v1',
  ],
  consumes: ['catalog.stock-reserved.v1', 'catalog.stock-reservation-failed.v1'],
} as const satisfies ModuleDefinition;
