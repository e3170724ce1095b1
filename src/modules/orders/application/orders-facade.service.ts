import { Injectable } from '@nestjs/common';
import { validate as isUuid } from 'uuid';
import { OrderRepository } from '../domain/order.repository.js';
import { OrderNotFoundError } from '../domain/orders.errors.js';
import { type OrderSummary, OrdersFacade } from '../public/index.js';

/** The in-process binding of `OrdersFacade`. */
@Injectable()
export class OrdersFacadeService extends OrdersFacade {
  constructor(private readonly orders: OrderRepository) {
    super();
  }

  async findOrder(id: string): Promise<OrderSummary | null> {
    if (!isUuid(id)) return null;
    const order = await this.orders.findById(id);
    if (!order) return null;
    const { customerId, status, totalCents, lines } = order.snapshot();
    return { id, customerId, status, totalCents, lines: lines.map((line) => ({ ...line })) };
  }

  async shipOrder(id: string): Promise<OrderSummary['status'] | null> {
    try {
      const { order } = await this.orders.update(id, (order) => {
        if (order.status === 'CONFIRMED') order.ship(new Date());
      });
      return order.status;
    } catch (error) {
      if (error instanceof OrderNotFoundError) return null;
      throw error;
    }
  }
}
