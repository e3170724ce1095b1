import { Injectable } from '@nestjs/common';
import type {
  HandlingScope,
  IntegrationEventHandler,
  ReceivedEvent,
} from '../../../shared/messaging/events/integration-event-handler.js';
import { Outbox } from '../../../shared/messaging/outbox/outbox.js';
import { ProductRepository } from '../domain/product.repository.js';
import { type Shortage, StockReservation } from '../domain/stock-reservation.js';
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
    if (reservation.status === 'RESERVED') await this.products.saveStock([...products.values()]);
    await this.raise(reservation, shortages);
  }

  /**
   * A batch in three statements: lock every product of every order, record every reservation, write the stock. The
   * orders take their stock in turn from the same locked products. An order that has a reservation already (a cancel
   * came first) would leave its stock taken in memory: then the batch gives up and each order is handled alone.
   */
  async handleMany(events: readonly ReceivedEvent<OrderPlaced>[], handling: HandlingScope<OrderPlaced>): Promise<void> {
    const orderIds = new Set(events.map(({ payload }) => payload.orderId.toLowerCase()));
    if (orderIds.size < events.length) throw new Error('the same order twice in a batch; handling them one by one');
    const products = await this.products.lockMany(
      events.flatMap(({ payload }) => payload.lines.map((l) => l.productId)),
    );
    const now = new Date();
    const outcomes = events.map(({ payload }) =>
      StockReservation.reserve(payload.orderId, payload.lines, products, now),
    );
    const recorded = await this.reservations.addManyIfAbsent(outcomes.map(({ reservation }) => reservation));
    if (recorded.size < events.length) throw new Error('an order of the batch has a reservation already');
    if (outcomes.some(({ reservation }) => reservation.status === 'RESERVED')) {
      await this.products.saveStock([...products.values()]);
    }
    for (const [index, event] of events.entries()) {
      const { reservation, shortages } = outcomes[index];
      await handling(event, () => this.raise(reservation, shortages));
    }
  }

  private async raise(reservation: StockReservation, shortages: Shortage[]): Promise<void> {
    const { orderId, lines, reason } = reservation.snapshot();
    if (reservation.status === 'RESERVED') {
      await this.outbox.append(StockReservedV1, orderId, { orderId, lines: [...lines] });
    } else {
      await this.outbox.append(StockReservationFailedV1, orderId, { orderId, reason: reason!, shortages });
    }
  }
}
