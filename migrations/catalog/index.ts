import { CreateProducts1763769600000 } from './1763769600000-create-products.js';

/** The catalog module's migrations, in order. Each touches the `catalog` schema only. */
export const catalogMigrations = [CreateProducts1763769600000];
