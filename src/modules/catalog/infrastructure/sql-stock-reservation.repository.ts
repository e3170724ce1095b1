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

  async lockForOrder(orderId: string): Promise<StockReservation | null> {
    if (!this.transactions.inTransaction()) throw new Error('lockForOrder must run inside a transaction');
    // A lock on the order id, not on a row: it also covers the order's first reservation, when no row exists yet.
    await this.transactions.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('catalog.stock_reservations:' || $1, 0))`,
      [orderId],
    );
    const rows = await this.transactions.query<ReservationRow>(
      'SELECT order_id, status, lines, reason FROM catalog.stock_reservations WHERE order_id = $1',
      [orderId],
    );
    const row = rows[0];
    return row
      ? StockReservation.restore({ orderId: row.order_id, status: row.status, lines: row.lines, reason: row.reason })
      : null;
  }

  async save(reservation: StockReservation): Promise<void> {
    const state = reservation.snapshot();
    await this.transactions.query(
      `INSERT INTO catalog.stock_reservations (order_id, status, lines, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, lines = EXCLUDED.lines, reason = EXCLUDED.reason, updated_at = now()`,
      [state.orderId, state.status, JSON.stringify(state.lines), state.reason],
    );
  }
}
