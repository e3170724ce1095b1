import { type DynamicModule, Module } from '@nestjs/common';
import { ModuleDatabaseModule } from '../../shared/database/index.js';
import { AdjustStockHandler } from './application/adjust-stock.handler.js';
import { CatalogFacadeService } from './application/catalog-facade.service.js';
import { CreateProductHandler } from './application/create-product.handler.js';
import { GetProductHandler } from './application/get-product.handler.js';
import { ListProductsHandler } from './application/list-products.handler.js';
import { ProductQueries } from './application/product.queries.js';
import { UpdateProductHandler } from './application/update-product.handler.js';
import { ProductRepository } from './domain/product.repository.js';
import { ProductsController } from './http/products.controller.js';
import { catalogDatabase } from './infrastructure/catalog.database.js';
import { SqlProductQueries } from './infrastructure/sql-product.queries.js';
import { TypeOrmProductRepository } from './infrastructure/typeorm-product.repository.js';
import { CatalogFacade } from './public/index.js';

/** Products, prices and stock. Depends on no other module. */
@Module({})
export class CatalogModule {
  /** The schema, entities and migrations this module owns; read by `npm run migrate`. */
  static readonly database = catalogDatabase;

  static forRoot(): DynamicModule {
    return {
      module: CatalogModule,
      global: true,
      imports: [ModuleDatabaseModule.forModule(catalogDatabase)],
      controllers: [ProductsController],
      providers: [
        { provide: ProductRepository, useClass: TypeOrmProductRepository },
        { provide: ProductQueries, useClass: SqlProductQueries },
        { provide: CatalogFacade, useClass: CatalogFacadeService },
        CreateProductHandler,
        UpdateProductHandler,
        AdjustStockHandler,
        GetProductHandler,
        ListProductsHandler,
      ],
      exports: [CatalogFacade],
    };
  }
}
