import { type DynamicModule, Module } from '@nestjs/common';
import { declaredHandlers } from '../../shared/module-definition/index.js';
import { ordersDefinition } from './orders.module-definition.js';
import { remoteModule } from '../../shared/remote/index.js';
import { ModuleRuntimeModule } from '../../shared/module-runtime/index.js';
import { integrationEventHandlers } from '../../shared/messaging/index.js';
import { CancelOrderHandler } from './application/cancel-order.handler.js';
import { CompensateFailedShipmentHandler } from './application/compensate-failed-shipment.handler.js';
import { DeliverOrderHandler } from './application/deliver-order.handler.js';
import { OrderShipments } from './application/order-shipments.store.js';
import {
  ShipmentCancelledProjection,
  ShipmentCreatedProjection,
  ShipmentDispatchedProjection,
} from './application/shipment-projection.handlers.js';
import { ConfirmOrderHandler } from './application/confirm-order.handler.js';
import { GetOrderHandler } from './application/get-order.handler.js';
import { ListOrdersHandler } from './application/list-orders.handler.js';
import { OrderQueries } from './application/order.queries.js';
import { OrdersFacadeService } from './application/orders-facade.service.js';
import { PlaceOrderHandler } from './application/place-order.handler.js';
import { OrderChanges } from './application/order-changes.signal.js';
import { OrderUpdatesHub } from './application/order-updates.hub.js';
import { OrderUpdatesController } from './http/order-updates.controller.js';
import { RejectOrderHandler } from './application/reject-order.handler.js';
import { OrderRepository } from './domain/order.repository.js';
import { AdminOrdersController } from './http/admin-orders.controller.js';
import { OrdersController } from './http/orders.controller.js';
import { InternalOrdersController } from './http/internal-orders.controller.js';
import { ordersDatabase } from './infrastructure/orders.database.js';
import { SqlOrderQueries } from './infrastructure/sql-order.queries.js';
import { SqlOrderShipments } from './infrastructure/sql-order-shipments.store.js';
import { SqlOrderRepository } from './infrastructure/sql-order.repository.js';
import { HttpOrdersFacade } from './infrastructure/http-orders.facade.js';
import { OrdersFacade } from './public/index.js';

/** How this module reacts to other modules' events; each handler names the event it reads. */
const EVENT_HANDLERS = declaredHandlers(
  ordersDefinition,
  ConfirmOrderHandler,
  RejectOrderHandler,
  ShipmentCreatedProjection,
  ShipmentDispatchedProjection,
  DeliverOrderHandler,
  CompensateFailedShipmentHandler,
  ShipmentCancelledProjection,
);

/**
 * Customers' orders and the order side of the saga (confirm on stock-reserved,
 * reject on stock-reservation-failed; deliver, or cancel in compensation, on
 * shipping's events). Depends on `catalog` through its public facade only
 * (prices at placement time); the binding of that facade is the app's choice.
 */
@Module({})
export class OrdersModule {
  /** Name, schema, dependencies, routes and events: declared once, in orders.module-definition.ts. */
  static readonly definition = ordersDefinition;
  /** The schema, entities and migrations this module owns; read by `npm run migrate`. */
  static readonly database = ordersDatabase;

  /** When orders runs in another process: its facade over HTTP, and its public routes proxied there. */
  static forRemote(url: string): DynamicModule {
    return remoteModule(OrdersModule, {
      definition: ordersDefinition,
      url,
      facade: OrdersFacade,
      overHttp: HttpOrdersFacade,
    });
  }

  static forRoot(): DynamicModule {
    return {
      module: OrdersModule,
      global: true,
      imports: [ModuleRuntimeModule.forModule(ordersDatabase)],
      controllers: [OrderUpdatesController, OrdersController, AdminOrdersController, InternalOrdersController],
      providers: [
        { provide: OrderRepository, useClass: SqlOrderRepository },
        { provide: OrderQueries, useClass: SqlOrderQueries },
        { provide: OrderShipments, useClass: SqlOrderShipments },
        { provide: OrdersFacade, useClass: OrdersFacadeService },
        PlaceOrderHandler,
        GetOrderHandler,
        OrderChanges,
        OrderUpdatesHub,
        ListOrdersHandler,
        CancelOrderHandler,
        ...EVENT_HANDLERS,
        integrationEventHandlers(...EVENT_HANDLERS),
      ],
      exports: [OrdersFacade],
    };
  }
}
