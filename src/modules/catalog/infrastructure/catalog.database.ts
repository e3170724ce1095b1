import { catalogMigrations } from '../../../../migrations/catalog/index.js';
import type { ModuleDatabaseDefinition } from '../../../shared/database/index.js';
import { ProductEntity } from './product.entity.js';

export const catalogDatabase: ModuleDatabaseDefinition = {
  schema: 'catalog',
  entities: [ProductEntity],
  migrations: catalogMigrations,
};
