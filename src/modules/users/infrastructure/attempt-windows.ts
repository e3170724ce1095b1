import type { Transactions } from '../../../shared/database/transactions/transactions.js';
import { OccasionalPrune } from './occasional-prune.js';

export interface WindowCount {
  readonly attempts: number;
  /** Whole seconds until the key's window ends (at least 1). */
  readonly retryAfterSeconds: number;
}

/**
 * Fixed-window attempt counts in one table of the users schema
 * (`key`, `attempts`, `window_ends_at`), changed by atomic upserts so every
 * process hosting users, and every restart, shares one budget. An attempt
 * is counted when it starts, so concurrent attempts are counted one by one.
 */
export class AttemptWindows {
  private readonly prune: OccasionalPrune;

  constructor(
    private readonly db: Transactions,
    private readonly table: 'users.login_attempts' | 'users.registration_attempts',
  ) {
    this.prune = new OccasionalPrune(db, [`DELETE FROM ${table} WHERE window_ends_at < now()`]);
  }

  /** Adds one attempt to every key, opening a window of `windowSeconds` for a key whose last window has ended. */
  async count(keys: readonly string[], windowSeconds: number): Promise<Map<string, WindowCount>> {
    this.prune.nowAndThen();
    // Sorted, so two statements counting overlapping keys lock them in one order and cannot deadlock.
    const sorted = [...new Set(keys)].sort();
    const rows = await this.db.query<{ key: string; attempts: number; retry_after: number }>(
      `INSERT INTO ${this.table} AS a (key, attempts, window_ends_at)
       SELECT key, 1, now() + make_interval(secs => $2) FROM unnest($1::text[]) WITH ORDINALITY AS k (key, n) ORDER BY n
       ON CONFLICT (key) DO UPDATE SET
         attempts = CASE WHEN a.window_ends_at <= now() THEN 1 ELSE a.attempts + 1 END,
         window_ends_at = CASE WHEN a.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE a.window_ends_at END
       RETURNING key, attempts, greatest(1, ceil(extract(epoch FROM window_ends_at - now())))::int AS retry_after`,
      [sorted, windowSeconds],
    );
    return new Map(rows.map((row) => [row.key, { attempts: row.attempts, retryAfterSeconds: row.retry_after }]));
  }

  /** Takes one attempt back from every key (an attempt that was refused, or that turned out not to count). */
  async giveBack(keys: readonly string[]): Promise<void> {
    // Rows locked in key order, as `count` locks them: two statements on overlapping keys cannot deadlock.
    await this.db.query(
      `UPDATE ${this.table} AS a SET attempts = greatest(a.attempts - 1, 0)
         FROM (SELECT key FROM ${this.table} WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE) AS locked
        WHERE a.key = locked.key`,
      [keys],
    );
  }

  /** Forgets the keys' counts. */
  async forget(keys: readonly string[]): Promise<void> {
    await this.db.query(
      `DELETE FROM ${this.table} WHERE key IN (SELECT key FROM ${this.table} WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE)`,
      [keys],
    );
  }
}
