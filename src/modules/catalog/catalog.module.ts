import { type DynamicModule, Module } from '@nestjs/common';
import { declaredHandlers } from '../../shared/module-definition/index.js';
import { catalogDefinition } from './catalog.module-definition.js';
import { remoteModule } from '../../shared/remote/index.js';
import { ModuleRuntimeModule } from '../../shared/module-runtime/index.js';
import { integrationEventHandlers } from '../../shared/messaging/index.js';
import { AdjustStockHandler } from './application/adjust-stock.handler.js';
import { StockAdjustmentKeys } from './application/stock-adjustment-key.store.js';
import { SqlStockAdjustmentKeys } from './infrastructure/sql-stock-adjustment-key.store.js';
import { CatalogFacadeService } from './application/catalog-facade.service.js';
import { CreateProductHandler } from './application/create-product.handler.js';
import { GetProductHandler } from './application/get-product.handler.js';
import { ListProductsHandler } from './application/list-products.handler.js';
import { ProductQueries } from './application/product.queries.js';
import { ReleaseStockHandler } from './application/release-stock.handler.js';
import { ReserveStockHandler } from './application/reserve-stock.handler.js';
import { UpdateProductHandler } from './application/update-product.handler.js';
import { ProductRepository } from './domain/product.repository.js';
import { StockReservationRepository } from './domain/stock-reservation.repository.js';
import { ProductsController } from './http/products.controller.js';
import { InternalCatalogController } from './http/internal-catalog.controller.js';
import { catalogDatabase } from './infrastructure/catalog.database.js';
import { SqlProductQueries } from './infrastructure/sql-product.queries.js';
import { SqlStockReservationRepository } from './infrastructure/sql-stock-reservation.repository.js';
import { TypeOrmProductRepository } from './infrastructure/typeorm-product.repository.js';
import { HttpCatalogFacade } from './infrastructure/http-catalog.facade.js';
import { CatalogFacade } from './public/index.js';

/** How this module reacts to other modules' events; each handler names the event it reads. */
const EVENT_HANDLERS = declaredHandlers(catalogDefinition, ReserveStockHandler, ReleaseStockHandler);

/**
 * Products, prices and stock, and the stock side of the order saga (reserve on
 * order-placed, release on order-cancelled). Depends on no other module: it
 * reads the orders events it consumes with its own readers.
 */
@Module({})
export class CatalogModule {
  /** Name, schema, dependencies, routes and events: declared once, in catalog.module-definition.ts. */
  static readonly definition = catalogDefinition;
  /** The schema, entities and migrations this module owns; read by `npm run migrate`. */
  static readonly database = catalogDatabase;

  /** When catalog runs in another process: its facade over HTTP, and its public routes proxied there. */
  static forRemote(url: string): DynamicModule {
    return remoteModule(CatalogModule, {
      definition: catalogDefinition,
      url,
      facade: CatalogFacade,
      overHttp: HttpCatalogFacade,
    });
  }

  static forRoot(): DynamicModule {
    return {
      module: CatalogModule,
      global: true,
      imports: [ModuleRuntimeModule.forModule(catalogDatabase)],
      controllers: [ProductsController, InternalCatalogController],
      providers: [
        { provide: ProductRepository, useClass: TypeOrmProductRepository },
        { provide: ProductQueries, useClass: SqlProductQueries },
        { provide: StockReservationRepository, useClass: SqlStockReservationRepository },
        { provide: CatalogFacade, useClass: CatalogFacadeService },
        CreateProductHandler,
        UpdateProductHandler,
        AdjustStockHandler,
        { provide: StockAdjustmentKeys, useClass: SqlStockAdjustmentKeys },
        GetProductHandler,
        ListProductsHandler,
        ...EVENT_HANDLERS,
        integrationEventHandlers(...EVENT_HANDLERS),
      ],
      exports: [CatalogFacade],
    };
  }
}
