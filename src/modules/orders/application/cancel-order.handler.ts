import { Injectable } from '@nestjs/common';
import { isAdmin, type Principal } from '../../../shared/auth/principal.js';
import { OrderRepository } from '../domain/order.repository.js';
import { OrderNotFoundError } from '../domain/orders.errors.js';
import { type OrderView, toOrderView } from './order.view.js';

@Injectable()
export class CancelOrderHandler {
  constructor(private readonly orders: OrderRepository) {}

  async execute(id: string, principal: Principal): Promise<OrderView> {
    const { order } = await this.orders.update(id, (order) => {
      if (order.customerId !== principal.userId && !isAdmin(principal)) throw new OrderNotFoundError(id);
      order.cancel(new Date());
    });
    return toOrderView(order.snapshot());
  }
}
