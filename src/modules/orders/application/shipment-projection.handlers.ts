import { Injectable } from '@nestjs/common';
import type {
  HandlingScope,
  IntegrationEventHandler,
  ReceivedEvent,
} from '../../../shared/messaging/events/integration-event-handler.js';
import { ShipmentCancelled } from './inbound-events/shipment-cancelled.reader.js';
import { ShipmentCreated } from './inbound-events/shipment-created.reader.js';
import { ShipmentDispatched } from './inbound-events/shipment-dispatched.reader.js';
import { OrderShipments, type ShipmentChange } from './order-shipments.store.js';

/** Shipping's events that change only what the order shows of its shipment; delivery and failure also move the order. */

/**
 * A batch of one kind of shipment event, in one statement. Each event still gets its span; the same order twice in a
 * batch (a redelivery under another id) fails the statement, and the inbox then handles the events one by one.
 */
async function recordAll<T extends Omit<ShipmentChange, 'status'>>(
  shipments: OrderShipments,
  status: ShipmentChange['status'],
  events: readonly ReceivedEvent<T>[],
  handling: HandlingScope<T>,
): Promise<void> {
  for (const event of events) await handling(event, async () => undefined);
  await shipments.recordMany(
    events.map(({ payload }) => ({ ...payload, status })),
    new Date(),
  );
}

@Injectable()
export class ShipmentCreatedProjection implements IntegrationEventHandler<ShipmentCreated> {
  static readonly event = ShipmentCreated;
  readonly name = 'orders.project-shipment-created';

  constructor(private readonly shipments: OrderShipments) {}

  async handle({ payload }: ReceivedEvent<ShipmentCreated>): Promise<void> {
    await this.shipments.record({ ...payload, status: 'PENDING' }, new Date());
  }

  handleMany(
    events: readonly ReceivedEvent<ShipmentCreated>[],
    handling: HandlingScope<ShipmentCreated>,
  ): Promise<void> {
    return recordAll(this.shipments, 'PENDING', events, handling);
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

  handleMany(
    events: readonly ReceivedEvent<ShipmentDispatched>[],
    handling: HandlingScope<ShipmentDispatched>,
  ): Promise<void> {
    return recordAll(this.shipments, 'DISPATCHED', events, handling);
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

  handleMany(
    events: readonly ReceivedEvent<ShipmentCancelled>[],
    handling: HandlingScope<ShipmentCancelled>,
  ): Promise<void> {
    return recordAll(this.shipments, 'CANCELLED', events, handling);
  }
}
