import { Injectable } from '@nestjs/common';
import type {
  IntegrationEventHandler,
  ReceivedEvent,
} from '../../../shared/messaging/events/integration-event-handler.js';
import { Outbox } from '../../../shared/messaging/outbox/outbox.js';
import { OrderRepository } from '../domain/order.repository.js';
import { OrderConfirmedV1 } from '../public/index.js';
import { StockReserved } from './inbound-events/stock-reserved.reader.js';

/**
 * Stock was reserved: a PENDING order becomes CONFIRMED. An order cancelled
 * meanwhile stays CANCELLED; its order-cancelled event releases the stock.
 */
@Injectable()
export class ConfirmOrderHandler implements IntegrationEventHandler<StockReserved> {
  static readonly event = StockReserved;
  readonly name = 'orders.confirm-order';

  constructor(
    private readonly orders: OrderRepository,
    private readonly outbox: Outbox,
  ) {}

  async handle({ payload }: ReceivedEvent<StockReserved>): Promise<void> {
    const { order, result: confirmed } = await this.orders.update(payload.orderId, (order) =>
      order.confirm(new Date()),
    );
    if (!confirmed) return;
    const { totalCents, lines, shippingAddress } = order.snapshot();
    await this.outbox.append(OrderConfirmedV1, order.id, {
      orderId: order.id,
      customerId: order.customerId,
      totalCents,
      lines: lines.map(({ productId, quantity, unitPriceCents }) => ({ productId, quantity, unitPriceCents })),
      shippingAddress,
    });
  }
}
