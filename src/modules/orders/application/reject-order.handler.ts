import { Injectable } from '@nestjs/common';
import type {
  IntegrationEventHandler,
  ReceivedEvent,
} from '../../../shared/messaging/events/integration-event-handler.js';
import { Outbox } from '../../../shared/messaging/outbox/outbox.js';
import { OrderRepository } from '../domain/order.repository.js';
import { OrderRejectedV1 } from '../public/index.js';
import { StockReservationFailed } from './inbound-events/stock-reservation-failed.reader.js';

/** Stock could not be reserved: a PENDING order becomes REJECTED with the catalog's reason. */
@Injectable()
export class RejectOrderHandler implements IntegrationEventHandler<StockReservationFailed> {
  static readonly event = StockReservationFailed;
  readonly name = 'orders.reject-order';

  constructor(
    private readonly orders: OrderRepository,
    private readonly outbox: Outbox,
  ) {}

  async handle({ payload }: ReceivedEvent<StockReservationFailed>): Promise<void> {
    const { order, result: rejected } = await this.orders.update(payload.orderId, (order) =>
      order.reject(payload.reason, new Date()),
    );
    if (rejected)
      await this.outbox.append(OrderRejectedV1, order.id, {
        orderId: order.id,
        customerId: order.customerId,
        reason: payload.reason,
      });
  }
}
