import { ordersMigrations } from '../../../../migrations/orders/index.js';
import type { ModuleDatabaseDefinition } from '../../../shared/database/index.js';
import { OrderLineEntity } from './order-line.entity.js';
import { OrderEntity } from './order.entity.js';

export const ordersDatabase: ModuleDatabaseDefinition = {
  schema: 'orders',
  entities: [OrderEntity, OrderLineEntity],
  migrations: ordersMigrations,
};
