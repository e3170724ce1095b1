import { Injectable } from '@nestjs/common';
import type {
  IntegrationEventHandler,
  ReceivedEvent,
} from '../../../shared/messaging/events/integration-event-handler.js';
import { Outbox } from '../../../shared/messaging/outbox/outbox.js';
import { OrderRepository } from '../domain/order.repository.js';
import { OrderCancelledV1 } from '../public/index.js';
import { ShipmentFailed } from './inbound-events/shipment-failed.reader.js';
import { OrderShipments } from './order-shipments.store.js';

/**
 * The saga's compensation for a failed shipment: a CONFIRMED or SHIPPED order
 * is cancelled with the reason, and its order-cancelled event makes catalog
 * release the stock. An order the customer cancelled meanwhile stays as it is
 * (its own cancellation released the stock once).
 */
@Injectable()
export class CompensateFailedShipmentHandler implements IntegrationEventHandler<ShipmentFailed> {
  static readonly event = ShipmentFailed;
  readonly name = 'orders.compensate-failed-shipment';

  constructor(
    private readonly orders: OrderRepository,
    private readonly shipments: OrderShipments,
    private readonly outbox: Outbox,
  ) {}

  async handle({ payload }: ReceivedEvent<ShipmentFailed>): Promise<void> {
    const now = new Date();
    const { order, result: previousStatus } = await this.orders.update(payload.orderId, (order) => {
      const previous = order.status as 'CONFIRMED' | 'SHIPPED';
      return order.cancelForFailedShipment(payload.reason, now) ? previous : null;
    });
    await this.shipments.record({ ...payload, status: 'FAILED' }, now);
    if (previousStatus !== null)
      await this.outbox.append(OrderCancelledV1, order.id, {
        orderId: order.id,
        customerId: order.customerId,
        previousStatus,
      });
  }
}
