import { Injectable } from '@nestjs/common';
import type {
  HandlingScope,
  IntegrationEventHandler,
  ReceivedEvent,
} from '../../../shared/messaging/events/integration-event-handler.js';
import { Outbox } from '../../../shared/messaging/outbox/outbox.js';
import type { Order } from '../domain/order.js';
import { OrderRepository } from '../domain/order.repository.js';
import { OrderNotFoundError } from '../domain/orders.errors.js';
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
    if (confirmed) await this.raiseConfirmed(order);
  }

  /** A batch: its orders locked in one statement and saved in another, whatever its size. */
  async handleMany(
    events: readonly ReceivedEvent<StockReserved>[],
    handling: HandlingScope<StockReserved>,
  ): Promise<void> {
    const orders = await this.orders.lockMany(events.map((event) => event.payload.orderId));
    const confirmed = new Set<Order>();
    for (const event of events) {
      const order = orders.get(event.payload.orderId);
      if (!order) throw new OrderNotFoundError(event.payload.orderId);
      await handling(event, async () => {
        if (!order.confirm(new Date())) return;
        confirmed.add(order);
        await this.raiseConfirmed(order);
      });
    }
    await this.orders.saveMany([...confirmed]);
  }

  private async raiseConfirmed(order: Order): Promise<void> {
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
