import { Injectable } from '@nestjs/common';
import type {
  IntegrationEventHandler,
  ReceivedEvent,
} from '../../../shared/messaging/events/integration-event-handler.js';
import { Outbox } from '../../../shared/messaging/outbox/outbox.js';
import { ProductRepository } from '../domain/product.repository.js';
import { StockReservation } from '../domain/stock-reservation.js';
import { StockReservationRepository } from '../domain/stock-reservation.repository.js';
import { StockReservationFailedV1, StockReservedV1 } from '../public/index.js';
import { OrderPlaced } from './inbound-events/order-placed.reader.js';

/**
 * An order was placed: reserve every line or none. Runs once per order however
 * often the event arrives (inbox, plus the reservation row), and takes nothing
 * when the order was already cancelled.
 */
@Injectable()
export class ReserveStockHandler implements IntegrationEventHandler<OrderPlaced> {
  static readonly event = OrderPlaced;
  readonly name = 'catalog.reserve-stock';

  constructor(
    private readonly reservations: StockReservationRepository,
    private readonly products: ProductRepository,
    private readonly outbox: Outbox,
  ) {}

  async handle({ payload }: ReceivedEvent<OrderPlaced>): Promise<void> {
    const products = await this.products.lockMany(payload.lines.map((line) => line.productId));
    const { reservation, shortages } = StockReservation.reserve(payload.orderId, payload.lines, products, new Date());
    // Reserved, refused or cancelled already: the stock taken above in memory is dropped unsaved.
    if (!(await this.reservations.addIfAbsent(reservation))) return;
    if (reservation.status === 'RESERVED') {
      await this.products.saveStock([...products.values()]);
      await this.outbox.append(StockReservedV1, payload.orderId, {
        orderId: payload.orderId,
        lines: [...reservation.lines],
      });
    } else {
      await this.outbox.append(StockReservationFailedV1, payload.orderId, {
        orderId: payload.orderId,
        reason: reservation.snapshot().reason!,
        shortages,
      });
    }
  }
}
