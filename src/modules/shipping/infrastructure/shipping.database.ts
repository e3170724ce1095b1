import { shippingMigrations } from '../../../../migrations/shipping/index.js';
import type { ModuleDatabaseDefinition } from '../../../shared/database/index.js';
import { shippingDefinition } from '../shipping.module-definition.js';

/** Read and written in plain SQL (sql-shipment.repository.ts), so no ORM entities. */
export const shippingDatabase: ModuleDatabaseDefinition = {
  schema: shippingDefinition.schema,
  entities: [],
  migrations: shippingMigrations,
};
