import type { ModuleDefinition } from '../../shared/module-definition/index.js';

export const ordersDefinition = {
  name: 'orders',
  schema: 'orders',
  description:
    "Customers' orders and the order side of the saga; prices come from catalog's facade, shipments from shipping's events.",
  dependsOn: ['catalog'],
  publicRoutes: ['/api/orders', '/api/admin/orders'],
  publishes: [
    'orders.order-placed.v1',
    'orders.order-confirmed.v1',
    'orders.order-rejected.v1',
    'orders.order-cancelled.v1',
  ],
  consumes: [
    'catalog.stock-reserved.v1',
    'catalog.stock-reservation-failed.v1',
    'shipping.shipment-created.v1',
    'shipping.shipment-dispatched.v1',
    'shipping.shipment-delivered.v1',
    'shipping.shipment-failed.v1',
    'shipping.shipment-cancelled.v1',
  ],
} as const satisfies ModuleDefinition;
