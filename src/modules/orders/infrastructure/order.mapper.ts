import type { OrderStatus } from '../domain/order-status.js';
import { Order } from '../domain/order.js';
import type { OrderLineEntity } from './order-line.entity.js';
import { OrderEntity } from './order.entity.js';

export function toOrderRow(order: Order): OrderEntity {
  const { lines: _lines, ...state } = order.snapshot();
  return Object.assign(new OrderEntity(), state);
}

export function toOrderLineRows(order: Order): Partial<OrderLineEntity>[] {
  return order.snapshot().lines.map((line, index) => ({ orderId: order.id, lineNo: index + 1, ...line }));
}

export function toOrder(row: OrderEntity, lines: OrderLineEntity[]): Order {
  return Order.restore({
    id: row.id,
    customerId: row.customerId,
    status: row.status as OrderStatus,
    lines: [...lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((line) => ({ productId: line.productId, quantity: line.quantity, unitPriceCents: line.unitPriceCents })),
    totalCents: row.totalCents,
    reason: row.reason,
    idempotencyKey: row.idempotencyKey,
    requestFingerprint: row.requestFingerprint,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}
