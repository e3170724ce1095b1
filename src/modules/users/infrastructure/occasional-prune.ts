import type { Transactions } from '../../../shared/database/transactions/transactions.js';

/** Expired rows are deleted at most this often, by whichever request comes along. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Deletes a table's expired rows now and then, on the back of the requests
 * that add rows, instead of a timer of its own. Best effort: a failed prune
 * only leaves expired rows for the next one, and nobody waits for it.
 */
export class OccasionalPrune {
  private lastPrune = 0;

  /** `statements` run in order (a parent before the children it does not cascade to, say). */
  constructor(
    private readonly db: Transactions,
    private readonly statements: readonly string[],
  ) {}

  nowAndThen(): void {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    this.statements
      .reduce<Promise<unknown>>((previous, sql) => previous.then(() => this.db.query(sql)), Promise.resolve())
      .catch(() => undefined);
  }
}
