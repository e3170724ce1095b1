import { Injectable } from '@nestjs/common';
import { isAdmin, type Principal } from '../../../shared/auth/principal.js';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { Outbox } from '../../../shared/messaging/outbox/outbox.js';
import { OrderRepository } from '../domain/order.repository.js';
import { OrderNotFoundError } from '../domain/orders.errors.js';
import { OrderCancelledV1 } from '../public/index.js';
import { OrderQueries } from './order.queries.js';
import type { OrderView } from './order.view.js';

/**
 * Cancels a PENDING or CONFIRMED order; on `orders.order-cancelled.v1` catalog releases what it held and shipping
 * cancels its shipment. A SHIPPED order is past cancelling: the order's row lock orders this against a dispatch.
 */
@Injectable()
export class CancelOrderHandler {
  constructor(
    private readonly orders: OrderRepository,
    private readonly transactions: Transactions,
    private readonly outbox: Outbox,
    private readonly queries: OrderQueries,
  ) {}

  async execute(id: string, principal: Principal): Promise<OrderView> {
    await this.transactions.run(async () => {
      const { order, result: previousStatus } = await this.orders.update(id, (order) => {
        if (order.customerId !== principal.userId && !isAdmin(principal)) throw new OrderNotFoundError(id);
        const previous = order.status;
        order.cancel(
          order.customerId === principal.userId ? 'Cancelled by the customer.' : 'Cancelled by an admin.',
          new Date(),
        );
        return previous as 'PENDING' | 'CONFIRMED';
      });
      await this.outbox.append(OrderCancelledV1, id, { orderId: id, customerId: order.customerId, previousStatus });
    });
    // Read back with its shipment, which the cancellation does not touch (shipping stops it on the event).
    const view = await this.queries.findById(id);
    if (!view) throw new OrderNotFoundError(id);
    return view;
  }
}
