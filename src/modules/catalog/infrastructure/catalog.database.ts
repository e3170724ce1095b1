import { catalogMigrations } from '../../../../migrations/catalog/index.js';
import { catalogDefinition } from '../catalog.module-definition.js';
import type { ModuleDatabaseDefinition } from '../../../shared/database/index.js';
import { ProductEntity } from './product.entity.js';

export const catalogDatabase: ModuleDatabaseDefinition = {
  schema: catalogDefinition.schema,
  entities: [ProductEntity],
  migrations: catalogMigrations,
};
