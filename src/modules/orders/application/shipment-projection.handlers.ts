import { Injectable } from '@nestjs/common';
import type {
  IntegrationEventHandler,
  ReceivedEvent,
} from '../../../shared/messaging/events/integration-event-handler.js';
import { ShipmentCancelled } from './inbound-events/shipment-cancelled.reader.js';
import { ShipmentCreated } from './inbound-events/shipment-created.reader.js';
import { ShipmentDispatched } from './inbound-events/shipment-dispatched.reader.js';
import { OrderShipments } from './order-shipments.store.js';

/** Shipping's events that change only what the order shows of its shipment; delivery and failure also move the order. */

@Injectable()
export class ShipmentCreatedProjection implements IntegrationEventHandler<ShipmentCreated> {
  static readonly event = ShipmentCreated;
  readonly name = 'orders.project-shipment-created';

  constructor(private readonly shipments: OrderShipments) {}

  async handle({ payload }: ReceivedEvent<ShipmentCreated>): Promise<void> {
    await this.shipments.record({ ...payload, status: 'PENDING' }, new Date());
  }
}

@Injectable()
export class ShipmentDispatchedProjection implements IntegrationEventHandler<ShipmentDispatched> {
  static readonly event = ShipmentDispatched;
  readonly name = 'orders.project-shipment-dispatched';

  constructor(private readonly shipments: OrderShipments) {}

  async handle({ payload }: ReceivedEvent<ShipmentDispatched>): Promise<void> {
    await this.shipments.record({ ...payload, status: 'DISPATCHED' }, new Date());
  }
}

@Injectable()
export class ShipmentCancelledProjection implements IntegrationEventHandler<ShipmentCancelled> {
  static readonly event = ShipmentCancelled;
  readonly name = 'orders.project-shipment-cancelled';

  constructor(private readonly shipments: OrderShipments) {}

  async handle({ payload }: ReceivedEvent<ShipmentCancelled>): Promise<void> {
    await this.shipments.record({ ...payload, status: 'CANCELLED' }, new Date());
  }
}
