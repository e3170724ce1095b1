import { Injectable } from '@nestjs/common';
import { v7 as uuidV7 } from 'uuid';
import {
  type HandlingScope,
  type IntegrationEventHandler,
  Outbox,
  type ReceivedEvent,
} from '../../../shared/messaging/index.js';
import { Shipment } from '../domain/shipment.js';
import { ShipmentRepository } from '../domain/shipment.repository.js';
import { ShipmentCreatedV1 } from '../public/index.js';
import { OrderConfirmed } from './inbound-events/order-confirmed.reader.js';

/** A confirmed order gets one PENDING shipment with its lines and address; one per order, whatever the redeliveries. */
@Injectable()
export class CreateShipmentHandler implements IntegrationEventHandler<OrderConfirmed> {
  static readonly event = OrderConfirmed;
  readonly name = 'shipping.create-shipment';

  constructor(
    private readonly shipments: ShipmentRepository,
    private readonly outbox: Outbox,
  ) {}

  async handle({ payload }: ReceivedEvent<OrderConfirmed>): Promise<void> {
    const shipment = shipmentFor(payload);
    if (await this.shipments.add(shipment)) await this.raiseCreated(shipment);
  }

  /** A batch: its shipments stored in one statement; those whose order had one already raise nothing. */
  async handleMany(
    events: readonly ReceivedEvent<OrderConfirmed>[],
    handling: HandlingScope<OrderConfirmed>,
  ): Promise<void> {
    const shipments = events.map((event) => shipmentFor(event.payload));
    const stored = await this.shipments.addMany(shipments);
    for (const [index, event] of events.entries()) {
      const shipment = shipments[index];
      await handling(event, async () => {
        if (stored.has(shipment.id)) await this.raiseCreated(shipment);
      });
    }
  }

  private async raiseCreated(shipment: Shipment): Promise<void> {
    const { lines, customerId } = shipment.snapshot();
    await this.outbox.append(ShipmentCreatedV1, shipment.id, {
      shipmentId: shipment.id,
      orderId: shipment.orderId,
      customerId,
      lines: lines.map(({ productId, quantity }) => ({ productId, quantity })),
    });
  }
}

function shipmentFor(order: OrderConfirmed): Shipment {
  return Shipment.create({
    id: uuidV7(),
    orderId: order.orderId,
    customerId: order.customerId,
    lines: order.lines,
    address: order.shippingAddress,
    now: new Date(),
  });
}
