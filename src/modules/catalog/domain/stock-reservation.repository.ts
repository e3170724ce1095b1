import type { StockReservation } from './stock-reservation.js';

/** Port: reservations per order, at most one per order. */
export abstract class StockReservationRepository {
  /**
   * Records `reservation` unless the order already has one, waiting for one being recorded by a
   * transaction still open; returns whether it was recorded. The first writer wins for good, which
   * is what lets a reservation and a cancel of the same order race safely. Must run in a transaction.
   */
  abstract addIfAbsent(reservation: StockReservation): Promise<boolean>;
  /** `addIfAbsent` for several orders in one go; returns the order ids (lower case) whose reservation was recorded. */
  abstract addManyIfAbsent(reservations: readonly StockReservation[]): Promise<Set<string>>;
  /** The order's reservation, locked until the transaction ends (null when there is none). */
  abstract lockForOrder(orderId: string): Promise<StockReservation | null>;
  /** Writes a changed reservation back. */
  abstract update(reservation: StockReservation): Promise<void>;
}
