import { Injectable } from '@nestjs/common';
import { isAdmin, type Principal } from '../../../shared/auth/principal.js';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { Outbox } from '../../../shared/messaging/outbox/outbox.js';
import { OrderRepository } from '../domain/order.repository.js';
import { OrderNotFoundError } from '../domain/orders.errors.js';
import { OrderCancelledV1 } from '../public/index.js';
import { type OrderView, toOrderView } from './order.view.js';

/** Cancels a PENDING or CONFIRMED order; the catalog releases what it held on `orders.order-cancelled.v1`. */
@Injectable()
export class CancelOrderHandler {
  constructor(
    private readonly orders: OrderRepository,
    private readonly transactions: Transactions,
    private readonly outbox: Outbox,
  ) {}

  async execute(id: string, principal: Principal): Promise<OrderView> {
    const order = await this.transactions.run(async () => {
      const { order, result: previousStatus } = await this.orders.update(id, (order) => {
        if (order.customerId !== principal.userId && !isAdmin(principal)) throw new OrderNotFoundError(id);
        const previous = order.status;
        order.cancel(new Date());
        return previous as 'PENDING' | 'CONFIRMED';
      });
      await this.outbox.append(OrderCancelledV1, id, { orderId: id, customerId: order.customerId, previousStatus });
      return order;
    });
    return toOrderView(order.snapshot());
  }
}
