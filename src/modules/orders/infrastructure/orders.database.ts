import { ordersMigrations } from '../../../../migrations/orders/index.js';
import { ordersDefinition } from '../orders.module-definition.js';
import type { ModuleDatabaseDefinition } from '../../../shared/database/index.js';

/** Orders are read and written in plain SQL (sql-order.repository.ts), so no ORM entities. */
export const ordersDatabase: ModuleDatabaseDefinition = {
  schema: ordersDefinition.schema,
  entities: [],
  migrations: ordersMigrations,
};
