import type { DynamicModule } from '@nestjs/common';
import { CatalogModule } from './modules/catalog/catalog.module.js';
import { OrdersModule } from './modules/orders/orders.module.js';
import { UsersModule } from './modules/users/users.module.js';
import type { ModuleDatabaseDefinition } from './shared/database/index.js';

export interface TesseraModule {
  readonly name: string;
  readonly database: ModuleDatabaseDefinition;
  /** Modules whose facades this one calls (also declared in its manifest for the architecture check). */
  readonly dependsOn: readonly string[];
  readonly consumes: readonly string[];
  readonly publicPrefixes: readonly string[];
  /** Host the module in this process. */
  forRoot(): DynamicModule;
  /** Reach the module in another process: facade over HTTP, public routes proxied. */
  forRemote(url: string): DynamicModule;
}

/** Every bounded context of Tessera, in dependency order. Adding a module means adding it here. */
export const TESSERA_MODULES: readonly TesseraModule[] = [
  {
    name: 'users',
    dependsOn: [],
    ...statics(UsersModule),
    forRoot: () => UsersModule.forRoot(),
    forRemote: (url) => UsersModule.forRemote(url),
  },
  {
    name: 'catalog',
    dependsOn: [],
    ...statics(CatalogModule),
    forRoot: () => CatalogModule.forRoot(),
    forRemote: (url) => CatalogModule.forRemote(url),
  },
  {
    name: 'orders',
    dependsOn: ['catalog'],
    ...statics(OrdersModule),
    forRoot: () => OrdersModule.forRoot(),
    forRemote: (url) => OrdersModule.forRemote(url),
  },
];

function statics(module: {
  database: ModuleDatabaseDefinition;
  consumes: readonly string[];
  publicPrefixes: readonly string[];
}) {
  return { database: module.database, consumes: module.consumes, publicPrefixes: module.publicPrefixes };
}
