import { type DynamicModule, Module } from '@nestjs/common';
import { integrationEventHandlers } from '../../shared/messaging/index.js';
import { declaredHandlers } from '../../shared/module-definition/index.js';
import { ModuleRuntimeModule } from '../../shared/module-runtime/index.js';
import { remoteModule } from '../../shared/remote/index.js';
import { CancelShipmentHandler } from './application/cancel-shipment.handler.js';
import { CreateShipmentHandler } from './application/create-shipment.handler.js';
import { DeliverShipmentHandler } from './application/deliver-shipment.handler.js';
import { DispatchShipmentHandler } from './application/dispatch-shipment.handler.js';
import { FailShipmentHandler } from './application/fail-shipment.handler.js';
import { GetShipmentHandler } from './application/get-shipment.handler.js';
import { ListShipmentsHandler } from './application/list-shipments.handler.js';
import { ShipmentActionKeys } from './application/shipment-action-key.store.js';
import { ShipmentActions } from './application/shipment-actions.js';
import { ShipmentQueries } from './application/shipment.queries.js';
import { ShippingFacadeService } from './application/shipping-facade.service.js';
import { ShipmentRepository } from './domain/shipment.repository.js';
import { AdminShipmentsController } from './http/admin-shipments.controller.js';
import { InternalShippingController } from './http/internal-shipping.controller.js';
import { HttpShippingFacade } from './infrastructure/http-shipping.facade.js';
import { shippingDatabase } from './infrastructure/shipping.database.js';
import { SqlShipmentActionKeys } from './infrastructure/sql-shipment-action-key.store.js';
import { SqlShipmentQueries } from './infrastructure/sql-shipment.queries.js';
import { SqlShipmentRepository } from './infrastructure/sql-shipment.repository.js';
import { ShippingFacade } from './public/index.js';
import { shippingDefinition } from './shipping.module-definition.js';

/** How this module reacts to other modules' events; each handler names the event it reads. */
const EVENT_HANDLERS = declaredHandlers(shippingDefinition, CreateShipmentHandler, CancelShipmentHandler);

/**
 * Shipping: a shipment per confirmed order, and the admin actions on it. Depends
 * on `orders` through its public facade only (to ship an order, so a dispatch
 * and a cancel cannot both win); learns of orders from their events.
 */
@Module({})
export class ShippingModule {
  /** Name, schema, dependencies, routes and events: declared once, in shipping.module-definition.ts. */
  static readonly definition = shippingDefinition;
  /** The schema, entities and migrations this module owns; read by `npm run migrate`. */
  static readonly database = shippingDatabase;

  /** When shipping runs in another process: its facade over HTTP, and its public routes proxied there. */
  static forRemote(url: string): DynamicModule {
    return remoteModule(ShippingModule, {
      definition: shippingDefinition,
      url,
      facade: ShippingFacade,
      overHttp: HttpShippingFacade,
    });
  }

  static forRoot(): DynamicModule {
    return {
      module: ShippingModule,
      global: true,
      imports: [ModuleRuntimeModule.forModule(shippingDatabase)],
      controllers: [AdminShipmentsController, InternalShippingController],
      providers: [
        { provide: ShipmentRepository, useClass: SqlShipmentRepository },
        { provide: ShipmentQueries, useClass: SqlShipmentQueries },
        { provide: ShipmentActionKeys, useClass: SqlShipmentActionKeys },
        { provide: ShippingFacade, useClass: ShippingFacadeService },
        ShipmentActions,
        ListShipmentsHandler,
        GetShipmentHandler,
        DispatchShipmentHandler,
        DeliverShipmentHandler,
        FailShipmentHandler,
        ...EVENT_HANDLERS,
        integrationEventHandlers(...EVENT_HANDLERS),
      ],
      exports: [ShippingFacade],
    };
  }
}
