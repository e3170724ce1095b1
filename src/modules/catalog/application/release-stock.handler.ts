import { Injectable } from '@nestjs/common';
import type {
  IntegrationEventHandler,
  ReceivedEvent,
} from '../../../shared/messaging/events/integration-event-handler.js';
import { Outbox } from '../../../shared/messaging/outbox/outbox.js';
import { ProductRepository } from '../domain/product.repository.js';
import { StockReservation } from '../domain/stock-reservation.js';
import { StockReservationRepository } from '../domain/stock-reservation.repository.js';
import { StockReleasedV1 } from '../public/index.js';
import { OrderCancelled } from './inbound-events/order-cancelled.reader.js';

/**
 * An order was cancelled: put back exactly what it holds. When the cancel
 * overtakes the reservation, leave a marker so the late reservation takes nothing.
 */
@Injectable()
export class ReleaseStockHandler implements IntegrationEventHandler<OrderCancelled> {
  static readonly event = OrderCancelled;
  readonly name = 'catalog.release-stock';

  constructor(
    private readonly reservations: StockReservationRepository,
    private readonly products: ProductRepository,
    private readonly outbox: Outbox,
  ) {}

  async handle({ payload }: ReceivedEvent<OrderCancelled>): Promise<void> {
    if (await this.reservations.addIfAbsent(StockReservation.cancelledBeforeReservation(payload.orderId))) return;
    const reservation = await this.reservations.lockForOrder(payload.orderId);
    if (reservation?.status !== 'RESERVED') return;
    const products = await this.products.lockMany(reservation.lines.map((line) => line.productId));
    const released = reservation.release(products, new Date());
    await this.products.saveStock([...products.values()]);
    await this.reservations.update(reservation);
    await this.outbox.append(StockReleasedV1, payload.orderId, { orderId: payload.orderId, lines: released });
  }
}
