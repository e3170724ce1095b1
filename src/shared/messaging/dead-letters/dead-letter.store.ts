import { randomUUID } from 'node:crypto';
import type { Transactions } from '../../database/transactions/transactions.js';
import type { DeadLetter } from './dead-letter.js';
import type { ListDeadLettersOptions } from './dead-letter.source.js';
import type { EventEnvelope } from '../events/event-envelope.js';

interface DeadLetterRow {
  id: string;
  handler: string;
  event_id: string;
  type: string;
  error: string;
  attempts: number;
  parked_at: Date;
  redriven_at: Date | null;
  envelope: EventEnvelope;
}

/** SQL for one module's `dead_letters` table; each statement joins the module's transaction in progress, if any. */
export class DeadLetterStore {
  constructor(
    private readonly schema: string,
    private readonly db: Transactions,
  ) {}

  /** Parks (or re-parks) an event for a handler, and marks it handled in the inbox so redeliveries skip it. */
  async park(envelope: EventEnvelope, handler: string, error: string, attempts: number): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.schema}.dead_letters (id, event_id, handler, type, envelope, error, attempts, parked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (event_id, handler) DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts, parked_at = now(), redriven_at = NULL`,
      [randomUUID(), envelope.id, handler, envelope.type, JSON.stringify(envelope), error.slice(0, 4000), attempts],
    );
    await this.db.query(`INSERT INTO ${this.schema}.inbox (event_id, handler) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      envelope.id,
      handler,
    ]);
  }

  /** Newest first, in the order `newestFirst` merges across processes (parking time to the millisecond, then id). */
  async list(options: ListDeadLettersOptions): Promise<DeadLetter[]> {
    const rows: DeadLetterRow[] = await this.db.query(
      `SELECT id, handler, event_id, type, error, attempts, parked_at, redriven_at, envelope
         FROM ${this.schema}.dead_letters
        WHERE ($1 OR redriven_at IS NULL)
          AND ($3::timestamptz IS NULL OR (date_trunc('milliseconds', parked_at), id::text COLLATE "C") < ($3::timestamptz, $4::text COLLATE "C"))
        ORDER BY date_trunc('milliseconds', parked_at) DESC, id::text COLLATE "C" DESC
        LIMIT $2`,
      [options.includeRedriven, options.limit, options.after?.parkedAt ?? null, options.after?.id ?? null],
    );
    return rows.map((row) => this.toDeadLetter(row));
  }

  async find(id: string, lock: boolean): Promise<DeadLetter | null> {
    const rows: DeadLetterRow[] = await this.db.query(
      `SELECT id, handler, event_id, type, error, attempts, parked_at, redriven_at, envelope FROM ${this.schema}.dead_letters WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? this.toDeadLetter(rows[0]) : null;
  }

  async markRedriven(id: string): Promise<DeadLetter> {
    const rows: DeadLetterRow[] = await this.db.query(
      `WITH updated AS (UPDATE ${this.schema}.dead_letters SET redriven_at = now() WHERE id = $1
                         RETURNING id, handler, event_id, type, error, attempts, parked_at, redriven_at, envelope)
       SELECT * FROM updated`,
      [id],
    );
    return this.toDeadLetter(rows[0]);
  }

  async recordFailedRedrive(id: string, error: string): Promise<void> {
    await this.db.query(`UPDATE ${this.schema}.dead_letters SET error = $2, attempts = attempts + 1 WHERE id = $1`, [
      id,
      error.slice(0, 4000),
    ]);
  }

  private toDeadLetter(row: DeadLetterRow): DeadLetter {
    return {
      id: row.id,
      module: this.schema,
      handler: row.handler,
      eventId: row.event_id,
      type: row.type,
      error: row.error,
      attempts: row.attempts,
      parkedAt: row.parked_at.toISOString(),
      redrivenAt: row.redriven_at?.toISOString() ?? null,
      envelope: row.envelope,
    };
  }
}
