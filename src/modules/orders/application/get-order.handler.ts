import { Injectable } from '@nestjs/common';
import { isAdmin, type Principal } from '../../../shared/auth/principal.js';
import { OrderNotFoundError } from '../domain/orders.errors.js';
import { OrderQueries } from './order.queries.js';
import type { OrderView } from './order.view.js';

/** A customer sees their own orders; an admin sees any. Others' orders are "not found", not "forbidden". */
@Injectable()
export class GetOrderHandler {
  constructor(private readonly queries: OrderQueries) {}

  async execute(id: string, principal: Principal): Promise<OrderView> {
    const order = await this.queries.findById(id);
    if (!order || (order.customerId !== principal.userId && !isAdmin(principal))) throw new OrderNotFoundError(id);
    return order;
  }
}
