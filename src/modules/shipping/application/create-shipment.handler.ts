import { Injectable } from '@nestjs/common';
import { v7 as uuidV7 } from 'uuid';
import { type IntegrationEventHandler, Outbox, type ReceivedEvent } from '../../../shared/messaging/index.js';
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
    const shipment = Shipment.create({
      id: uuidV7(),
      orderId: payload.orderId,
      customerId: payload.customerId,
      lines: payload.lines,
      address: payload.shippingAddress,
      now: new Date(),
    });
    if (!(await this.shipments.add(shipment))) return;
    const { lines } = shipment.snapshot();
    await this.outbox.append(ShipmentCreatedV1, shipment.id, {
      shipmentId: shipment.id,
      orderId: shipment.orderId,
      customerId: payload.customerId,
      lines: lines.map(({ productId, quantity }) => ({ productId, quantity })),
    });
  }
}
