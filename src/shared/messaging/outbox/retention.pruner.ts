import type { Logger } from 'pino';
import type { Transactions } from '../../database/transactions/transactions.js';
import type { MessagingSettings } from '../messaging-settings.js';

const PRUNE_EVERY_MS = 10 * 60_000;
/** Rows deleted per statement when pruning. */
const PRUNE_BATCH = 5_000;

/** Keeps a module's outbox and inbox from growing for ever: delivered rows and old marks go after their retention. */
export class RetentionPruner {
  private lastPrune = 0;

  constructor(
    private readonly schema: string,
    private readonly db: Transactions,
    private readonly settings: MessagingSettings,
    private readonly logger: Logger,
  ) {}

  async pruneWhenDue(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    const pruned = await this.prune();
    this.logger.debug({ module: this.schema, ...pruned }, 'pruned delivered outbox and old inbox rows');
  }

  /** Deletes delivered outbox rows and inbox marks older than their retention; undelivered rows are never touched. */
  async prune(): Promise<{ outbox: number; inbox: number; inboxFailures: number }> {
    const outboxHours = [this.settings.outboxRetentionHours];
    const inboxHours = [this.settings.inboxRetentionHours];
    return {
      outbox: await this.pruneInBatches(
        `SELECT position FROM ${this.schema}.outbox WHERE delivered_at < now() - make_interval(hours => $1) LIMIT ${PRUNE_BATCH}`,
        'outbox',
        'position',
        outboxHours,
      ),
      inbox: await this.pruneInBatches(
        `SELECT event_id, handler FROM ${this.schema}.inbox WHERE processed_at < now() - make_interval(hours => $1) LIMIT ${PRUNE_BATCH}`,
        'inbox',
        '(event_id, handler)',
        inboxHours,
      ),
      inboxFailures: await this.pruneInBatches(
        `SELECT event_id, handler FROM ${this.schema}.inbox_failures WHERE updated_at < now() - make_interval(hours => $1) LIMIT ${PRUNE_BATCH}`,
        'inbox_failures',
        '(event_id, handler)',
        inboxHours,
      ),
    };
  }

  /**
   * Deletes what `select` finds, a batch per statement, so that a backlog of a
   * whole retention window never runs into the statement timeout (and the prune
   * never stops for good).
   */
  private async pruneInBatches(select: string, table: string, key: string, parameters: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.db.query<{ n: number }>(
        `WITH doomed AS (${select}), gone AS (DELETE FROM ${this.schema}.${table} WHERE ${key} IN (SELECT * FROM doomed) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
        parameters,
      );
      total += deleted[0].n;
      if (deleted[0].n < PRUNE_BATCH) return total;
    }
  }
}
