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
    this.requireTransaction('addIfAbsent');
    const state = reservation.snapshot();
    // The primary key is the lock: a concurrent insert of the same order waits here for the other to end.
    const rows = await this.transactions.query<{ order_id: string }>(
      `INSERT INTO catalog.stock_reservations (order_id, status, lines, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
      [state.orderId, state.status, JSON.stringify(state.lines), state.reason],
    );
    return rows.length === 1;
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
