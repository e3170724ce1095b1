import type { Product } from './product.js';

export type ReservationStatus = 'RESERVED' | 'REFUSED' | 'RELEASED' | 'CANCELLED_BEFORE_RESERVATION';

export interface ReservationLine {
  readonly productId: string;
  readonly quantity: number;
}

export interface Shortage {
  readonly productId: string;
  readonly requested: number;
  /** 0 also when the product does not exist. */
  readonly available: number;
}

export interface StockReservationState {
  readonly orderId: string;
  readonly status: ReservationStatus;
  readonly lines: readonly ReservationLine[];
  readonly reason: string | null;
}

/**
 * What one order holds on the shelf. Reserved all lines or none; released at
 * most once; and a cancel that arrives before the reservation leaves a marker
 * so the late reservation takes nothing. One per order, so a redelivered event
 * can never reserve twice.
 */
export class StockReservation {
  private constructor(private state: StockReservationState) {}

  static restore(state: StockReservationState): StockReservation {
    return new StockReservation(state);
  }

  /** Takes every line from `products` (locked by the caller), or nothing when any line is short. */
  static reserve(
    orderId: string,
    lines: readonly ReservationLine[],
    products: ReadonlyMap<string, Product>,
    now: Date,
  ): { reservation: StockReservation; shortages: Shortage[] } {
    const shortages = lines.flatMap((line) => {
      const available = products.get(line.productId)?.stock ?? 0;
      return available >= line.quantity ? [] : [{ productId: line.productId, requested: line.quantity, available }];
    });
    if (shortages.length > 0) {
      const reason = shortages
        .map((shortage) => `${shortage.productId}: ${shortage.requested} requested, ${shortage.available} available`)
        .join('; ');
      return {
        reservation: new StockReservation({
          orderId,
          status: 'REFUSED',
          lines: [...lines],
          reason: `Not enough stock for ${reason}.`,
        }),
        shortages,
      };
    }
    for (const line of lines) products.get(line.productId)!.take(line.quantity, now);
    return {
      reservation: new StockReservation({ orderId, status: 'RESERVED', lines: [...lines], reason: null }),
      shortages: [],
    };
  }

  /** The order was cancelled before its reservation arrived: remember it, so nothing is reserved later. */
  static cancelledBeforeReservation(orderId: string): StockReservation {
    return new StockReservation({ orderId, status: 'CANCELLED_BEFORE_RESERVATION', lines: [], reason: null });
  }

  get orderId(): string {
    return this.state.orderId;
  }
  get status(): ReservationStatus {
    return this.state.status;
  }
  get lines(): readonly ReservationLine[] {
    return this.state.lines;
  }

  /** Puts back what is held; returns the lines released (none unless RESERVED). */
  release(products: ReadonlyMap<string, Product>, now: Date): ReservationLine[] {
    if (this.state.status !== 'RESERVED') return [];
    for (const line of this.state.lines) products.get(line.productId)?.putBack(line.quantity, now);
    this.state = { ...this.state, status: 'RELEASED' };
    return [...this.state.lines];
  }

  snapshot(): StockReservationState {
    return this.state;
  }
}
