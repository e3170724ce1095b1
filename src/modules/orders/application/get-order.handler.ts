import { Injectable } from '@nestjs/common';
import { isAdmin, type Principal } from '../../../shared/auth/principal.js';
import { OrderRepository } from '../domain/order.repository.js';
import { OrderNotFoundError } from '../domain/orders.errors.js';
import { type OrderView, toOrderView } from './order.view.js';

/** A customer sees their own orders; an admin sees any. Others' orders are "not found", not "forbidden". */
@Injectable()
export class GetOrderHandler {
  constructor(private readonly orders: OrderRepository) {}

  async execute(id: string, principal: Principal): Promise<OrderView> {
    const order = await this.orders.findById(id);
    if (!order || (order.customerId !== principal.userId && !isAdmin(principal))) throw new OrderNotFoundError(id);
    return toOrderView(order.snapshot());
  }
}
