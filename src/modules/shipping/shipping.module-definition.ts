import type { ModuleDefinition } from '../../shared/module-definition/index.js';

export const shippingDefinition = {
  name: 'shipping',
  schema: 'shipping',
  description:
    'Shipments of confirmed orders: dispatch, delivery, and failure with its compensation; orders decides SHIPPED through its facade.',
  dependsOn: ['orders'],
  publicRoutes: ['/api/admin/shipments'],
  publishes: [
    'shipping.shipment-created.v1',
    'shipping.shipment-dispatched.v1',
    'shipping.shipment-delivered.v1',
    'shipping.shipment-failed.v1',
    'shipping.shipment-cancelled.v1',
  ],
  consumes: ['orders.order-confirmed.v1', 'orders.order-cancelled.v1'],
} as const satisfies ModuleDefinition;
