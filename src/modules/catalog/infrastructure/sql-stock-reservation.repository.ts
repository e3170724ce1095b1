import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../shared/database/transactions/transactions.js';
import { type ReservationLine, type ReservationStatus, StockReservation } from '../domain/stock-reservation.js';
import { StockReservationRepository } from '../domain/stock-reservation.repository.js';

interface ReservationRow {
  order_id: string;
  status: ReservationStatus;
  lines: ReservationLine[];
  reason: string | null;
}

@Injectable()
export class SqlStockReservationRepository extends StockReservationRepository {
  constructor(private readonly transactions: Transactions) {
    super();
  }

  async addIfAbsent(reservation: StockReservation): Promise<boolean> {
    return (await this.addManyIfAbsent([reservation])).size === 1;
  }

  async addManyIfAbsent(reservations: readonly StockReservation[]): Promise<Set<string>> {
    this.requireTransaction('addManyIfAbsent');
    if (reservations.length === 0) return new Set();
    const states = reservations.map((reservation) => reservation.snapshot());
    // The primary key is the lock: a concurrent insert of the same order waits here for the other to end.
    const rows = await this.transactions.query<{ order_id: string }>(
      `INSERT INTO catalog.stock_reservations (order_id, status, lines, reason)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::text[]) AS r(order_id, status, lines, reason)
        ORDER BY order_id -- keys taken in one order, so that two batches sharing orders cannot deadlock
       ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
      [
        states.map((state) => state.orderId),
        states.map((state) => state.status),
        states.map((state) => JSON.stringify(state.lines)),
        states.map((state) => state.reason),
      ],
    );
    return new Set(rows.map((row) => row.order_id));
  }

  async lockForOrder(orderId: string): Promise<StockReservation | null> {
    this.requireTransaction('lockForOrder');
    const rows = await this.transactions.query<ReservationRow>(
      'SELECT order_id, status, lines, reason FROM catalog.stock_reservations WHERE order_id = $1 FOR UPDATE',
      [orderId],
    );
    const row = rows[0];
    return row
      ? StockReservation.restore({ orderId: row.order_id, status: row.status, lines: row.lines, reason: row.reason })
      : null;
  }

  async update(reservation: StockReservation): Promise<void> {
    const state = reservation.snapshot();
    await this.transactions.query(
      'UPDATE catalog.stock_reservations SET status = $2, lines = $3, reason = $4, updated_at = now() WHERE order_id = $1',
      [state.orderId, state.status, JSON.stringify(state.lines), state.reason],
    );
  }

  private requireTransaction(operation: string): void {
    if (!this.transactions.inTransaction()) throw new Error(`${operation} must run inside a transaction`);
  }
}
