import { Client } from 'pg';
import type { Logger } from 'pino';
import type { Query, Transactions } from '../database/transactions.js';
import type { Metrics } from '../observability/metrics.js';
import type { EventEnvelope } from './event-envelope.js';
import type { EventTransport } from './event-transport.js';
import { type MessagingSettings, retryDelayMs } from './messaging-settings.js';

interface OutboxRow {
  position: string;
  id: string;
  type: string;
  aggregate_id: string;
  correlation_id: string;
  causation_id: string | null;
  occurred_at: Date;
  payload: unknown;
  attempts: number;
}

const PRUNE_EVERY_MS = 10 * 60_000;
/** While rounds keep failing, how often the relay says so again. */
const FAILURE_LOG_EVERY_MS = 60_000;
/** Rows deleted per statement when pruning. */
const PRUNE_BATCH = 5_000;

/**
 * Moves committed events from one module's outbox to the transport.
 *
 * - Woken by LISTEN/NOTIFY (a trigger on the outbox notifies at commit), with
 *   polling as the fallback and for scheduled retries.
 * - Safe with several instances: rows are claimed with FOR UPDATE SKIP LOCKED
 *   inside a transaction held while they are delivered; a crash rolls the
 *   claim back and the rows are delivered again (at-least-once).
 * - In order per aggregate: only the oldest undelivered event of each aggregate
 *   is eligible, so one batch holds at most one event per aggregate and can be
 *   delivered in parallel; the next one is claimed in the round right after.
 * - A failed delivery is retried with exponential backoff (`next_attempt_at`).
 * - Delivered rows are pruned after the retention period.
 */
export class OutboxRelay {
  private listener: Client | undefined;
  private running = false;
  private readonly sleepers = new Set<() => void>();
  private pendingWake = false;
  private loops: Promise<void>[] = [];
  private lastPrune = 0;
  private reconnectDelayMs = 100;
  /** Rounds failed in a row, over all loops: a failure after a failure is an outage, not a one-off. */
  private failuresInARow = 0;
  private lastFailureLogged = 0;

  constructor(
    private readonly schema: string,
    private readonly db: Transactions,
    private readonly listenUrl: string,
    private readonly transport: EventTransport,
    private readonly settings: MessagingSettings,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.listen();
    // Several claim loops, so an event committed while a batch is out does not wait for that batch.
    this.loops = Array.from({ length: this.settings.relayClaimers }, () => this.run());
  }

  /** Stops after the batch in flight; nothing claimed is lost (an unfinished claim rolls back). */
  async stop(): Promise<void> {
    this.running = false;
    for (const wakeUp of [...this.sleepers]) wakeUp();
    await Promise.all(this.loops);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Delivers everything eligible now, round after round; returns how many events went out. Used by tests. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const delivered = await this.deliverBatch();
      total += delivered;
      if (delivered === 0) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const delivered = await this.deliverBatch();
        this.failuresInARow = 0;
        await this.pruneWhenDue();
        // A delivered event may have released its aggregate's next one, which no NOTIFY will announce:
        // go round again until a claim comes back empty, and only then wait.
        if (delivered > 0) continue;
      } catch (error) {
        if (!this.running) break;
        this.failuresInARow += 1;
        // While the database is away every round fails: one line when it starts, then one a minute.
        if (this.failuresInARow === 1 || Date.now() - this.lastFailureLogged >= FAILURE_LOG_EVERY_MS) {
          this.lastFailureLogged = Date.now();
          this.logger.error(
            { module: this.schema, err: error, failuresInARow: this.failuresInARow },
            'outbox relay failed; retrying',
          );
        }
        // What this loop was woken for may still be there: another loop, if one sleeps, tries it now. Not after a
        // failure that followed a failure: the loops would wake each other at once, round after round, for as long as
        // the database refuses them (a busy loop of connection attempts); each waits for its poll instead.
        if (this.failuresInARow === 1) this.wakeSleeper();
      }
      await this.sleep(this.settings.relayPollIntervalMs);
    }
  }

  private async deliverBatch(): Promise<number> {
    return this.db.detached(async (query) => {
      const rows = await query<OutboxRow>(
        `SELECT o.position, o.id, o.type, o.aggregate_id, o.correlation_id, o.causation_id, o.occurred_at, o.payload, o.attempts
           FROM ${this.schema}.outbox o
          WHERE o.delivered_at IS NULL
            AND o.next_attempt_at <= now()
            AND NOT EXISTS (
                  SELECT 1 FROM ${this.schema}.outbox earlier
                   WHERE earlier.aggregate_id = o.aggregate_id AND earlier.delivered_at IS NULL AND earlier.position < o.position)
          ORDER BY o.position
          LIMIT $1
          FOR UPDATE OF o SKIP LOCKED`,
        [this.settings.relayBatchSize],
      );
      if (rows.length === 0) return 0;
      // A full claim means more rows are waiting: a sleeping loop takes the next batch while this one delivers.
      if (rows.length === this.settings.relayBatchSize) this.wakeSleeper();
      const delivered: string[] = [];
      const failed: { row: OutboxRow; error: unknown }[] = [];
      await forEachConcurrently(rows, this.settings.relayConcurrency, async (row) => {
        try {
          await this.transport.publish(toEnvelope(row));
          delivered.push(row.position);
          this.metrics.eventsDelivered.inc({ module: this.schema, type: row.type });
          this.metrics.deliveryLag.observe({ module: this.schema }, (Date.now() - row.occurred_at.getTime()) / 1000);
        } catch (error) {
          failed.push({ row, error });
        }
      });
      if (delivered.length > 0) {
        await query(
          `UPDATE ${this.schema}.outbox SET delivered_at = now(), attempts = attempts + 1 WHERE position = ANY($1::bigint[])`,
          [delivered],
        );
      }
      if (failed.length > 0) await this.recordFailures(query, failed);
      return delivered.length;
    });
  }

  /** One statement for a whole batch: while the transport is down, every row of every batch fails. */
  private async recordFailures(query: Query, failed: readonly { row: OutboxRow; error: unknown }[]): Promise<void> {
    const attempts = failed.map(({ row }) => row.attempts + 1);
    const delays = attempts.map((attempt) => retryDelayMs(this.settings, attempt));
    const errors = failed.map(({ error }) => (error instanceof Error ? error.message : String(error)).slice(0, 4000));
    failed.forEach(({ row, error }, index) => {
      this.metrics.deliveryFailures.inc({ module: this.schema, type: row.type });
      this.logger.warn(
        {
          module: this.schema,
          eventId: row.id,
          type: row.type,
          attempt: attempts[index],
          retryInMs: delays[index],
          err: error,
        },
        'event delivery failed; will retry',
      );
    });
    await query(
      `UPDATE ${this.schema}.outbox o
          SET attempts = f.attempts, next_attempt_at = now() + make_interval(secs => f.delay_seconds), last_error = f.error
         FROM unnest($1::bigint[], $2::int[], $3::float8[], $4::text[]) AS f(position, attempts, delay_seconds, error)
        WHERE o.position = f.position`,
      [failed.map(({ row }) => row.position), attempts, delays.map((delay) => delay / 1000), errors],
    );
    // A loop must not sleep past any of these retries: one timer per distinct delay (a handful, as delays double up to a cap).
    for (const delay of new Set(delays)) setTimeout(() => this.wake(), delay).unref();
  }

  private async pruneWhenDue(): Promise<void> {
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

  /** A dedicated connection LISTENing for commits to this outbox; reconnects with backoff. */
  private async listen(): Promise<void> {
    if (!this.running) return;
    const client = new Client({ connectionString: this.listenUrl, application_name: `tessera:${this.schema}:relay` });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      this.logger.warn({ module: this.schema, err: error }, 'outbox LISTEN connection lost; polling until it is back');
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.schema}_outbox`);
      if (!this.running) {
        await client.end();
        return;
      }
      this.listener = client;
      this.reconnectDelayMs = 100;
      this.wake(); // anything committed while we were not listening
    } catch (error) {
      this.logger.warn(
        { module: this.schema, err: error },
        'could not LISTEN for outbox commits; polling until it works',
      );
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, 10_000);
    setTimeout(() => void this.listen(), delay).unref();
  }

  /**
   * Wakes one sleeping loop (a second one would only find the rows claimed);
   * when all are busy, the next one to finish goes round again at once. A loop
   * that delivered something goes round again by itself, so nothing waits.
   */
  private wake(): void {
    if (!this.wakeSleeper()) this.pendingWake = true;
  }

  /** Wakes one sleeping loop if there is one (and says so); unlike `wake`, never makes a busy loop go round again. */
  private wakeSleeper(): boolean {
    const [wakeUp] = this.sleepers;
    wakeUp?.();
    return wakeUp !== undefined;
  }

  private sleep(ms: number): Promise<void> {
    if (this.pendingWake || !this.running) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}

function toEnvelope(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    occurredAt: row.occurred_at.toISOString(),
    aggregateId: row.aggregate_id,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    payload: row.payload,
  };
}

async function forEachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(workers);
}
