import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../../shared/database/pg-errors.js';
import { Transactions } from '../../../shared/database/transactions.js';
import { isUuid } from '../../../shared/kernel/uuid-v7.js';
import type { Order } from '../domain/order.js';
import { OrderRepository } from '../domain/order.repository.js';
import { DuplicateIdempotencyKeyError, OrderNotFoundError } from '../domain/orders.errors.js';
import { OrderLineEntity } from './order-line.entity.js';
import { OrderEntity } from './order.entity.js';
import { toOrder, toOrderLineRows, toOrderRow } from './order.mapper.js';

const IDEMPOTENCY_CONSTRAINT = 'orders_customer_idempotency_key';

@Injectable()
export class TypeOrmOrderRepository extends OrderRepository {
  constructor(private readonly transactions: Transactions) {
    super();
  }

  async add(order: Order): Promise<void> {
    try {
      await this.transactions.run(async (manager) => {
        await manager.insert(OrderEntity, toOrderRow(order));
        await manager.insert(OrderLineEntity, toOrderLineRows(order));
      });
    } catch (error) {
      if (isUniqueViolation(error, IDEMPOTENCY_CONSTRAINT)) throw new DuplicateIdempotencyKeyError();
      throw error;
    }
  }

  async findById(id: string): Promise<Order | null> {
    if (!isUuid(id)) return null;
    return load(this.transactions.manager(), { id });
  }

  async findByIdempotencyKey(customerId: string, key: string): Promise<Order | null> {
    return load(this.transactions.manager(), { customerId, idempotencyKey: key });
  }

  async update<T>(id: string, change: (order: Order) => T): Promise<{ order: Order; result: T }> {
    if (!isUuid(id)) throw new OrderNotFoundError(id);
    return this.transactions.run(async (manager) => {
      const row = await manager.findOne(OrderEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new OrderNotFoundError(id);
      const order = toOrder(row, await manager.findBy(OrderLineEntity, { orderId: id }));
      const result = change(order);
      const { status, reason, updatedAt } = order.snapshot();
      await manager.update(OrderEntity, { id }, { status, reason, updatedAt, version: row.version + 1 });
      return { order, result };
    });
  }
}

async function load(manager: EntityManager, where: { id: string } | { customerId: string; idempotencyKey: string }): Promise<Order | null> {
  const row = await manager.findOneBy(OrderEntity, where);
  if (!row) return null;
  return toOrder(row, await manager.findBy(OrderLineEntity, { orderId: row.id }));
}
