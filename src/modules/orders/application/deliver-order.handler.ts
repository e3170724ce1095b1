import { Injectable } from '@nestjs/common';
import type {
  IntegrationEventHandler,
  ReceivedEvent,
} from '../../../shared/messaging/events/integration-event-handler.js';
import { OrderRepository } from '../domain/order.repository.js';
import { ShipmentDelivered } from './inbound-events/shipment-delivered.reader.js';
import { OrderShipments } from './order-shipments.store.js';

/** The shipment arrived: a SHIPPED order becomes DELIVERED, and its shipment shows so. */
@Injectable()
export class DeliverOrderHandler implements IntegrationEventHandler<ShipmentDelivered> {
  static readonly event = ShipmentDelivered;
  readonly name = 'orders.deliver-order';

  constructor(
    private readonly orders: OrderRepository,
    private readonly shipments: OrderShipments,
  ) {}

  async handle({ payload }: ReceivedEvent<ShipmentDelivered>): Promise<void> {
    const now = new Date();
    await this.orders.update(payload.orderId, (order) => order.deliver(now));
    await this.shipments.record({ ...payload, status: 'DELIVERED' }, now);
  }
}
