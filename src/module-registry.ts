import type { DynamicModule } from '@nestjs/common';
import { CatalogModule } from './modules/catalog/catalog.module.js';
import { OrdersModule } from './modules/orders/orders.module.js';
import { UsersModule } from './modules/users/users.module.js';
import type { ModuleDatabaseDefinition } from './shared/database/index.js';

export interface TesseraModule {
  readonly name: string;
  readonly database: ModuleDatabaseDefinition;
  forRoot(): DynamicModule;
}

/** Every bounded context of Tessera, in dependency order. Adding a module means adding it here. */
export const TESSERA_MODULES: readonly TesseraModule[] = [
  { name: 'users', database: UsersModule.database, forRoot: () => UsersModule.forRoot() },
  { name: 'catalog', database: CatalogModule.database, forRoot: () => CatalogModule.forRoot() },
  { name: 'orders', database: OrdersModule.database, forRoot: () => OrdersModule.forRoot() },
];
