import type { StockReservation } from './stock-reservation.js';

/** Port: reservations per order. */
export abstract class StockReservationRepository {
  /**
   * Serialises work on one order's reservation until the transaction ends,
   * then returns it (null when the order was never seen). Must run in a transaction.
   */
  abstract lockForOrder(orderId: string): Promise<StockReservation | null>;
  abstract save(reservation: StockReservation): Promise<void>;
}
