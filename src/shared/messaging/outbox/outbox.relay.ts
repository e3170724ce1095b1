import type { Logger } from 'pino';
import type { Query, Transactions } from '../../database/transactions/transactions.js';
import type { Metrics } from '../../observability/metrics.js';
import { contextFrom, currentTraceContext } from '../../observability/tracing/trace-context.js';
import { inSpan } from '../../observability/tracing/tracer.js';
import { SpanKind } from '@opentelemetry/api';
import type { EventTransport } from '../transport/event-transport.js';
import { type OutboxRow, toEnvelope } from './outbox.row.js';
import type { RelayWakeUp } from './relay.wake-up.js';
import { RetentionPruner } from './retention.pruner.js';
import { type MessagingSettings, retryDelayMs } from '../messaging-settings.js';

/** While rounds keep failing, how often the relay says so again. */
const FAILURE_LOG_EVERY_MS = 60_000;
/**
 * Moves committed events from one module's outbox to the transport.
 *
 * - Woken in process when a transaction that wrote to this outbox commits (see
 *   RelayWakeUp), with polling for rows other processes left and for retries.
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
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly pruner: RetentionPruner;
  /** Rounds failed in a row, over all loops: a failure after a failure is an outage, not a one-off. */
  private failuresInARow = 0;
  private lastFailureLogged = 0;

  constructor(
    private readonly schema: string,
    private readonly db: Transactions,
    private readonly wakeUp: RelayWakeUp,
    private readonly transport: EventTransport,
    private readonly settings: MessagingSettings,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {
    this.pruner = new RetentionPruner(schema, db, settings, logger);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wakeUp.start();
    // Several claim loops, so an event committed while a batch is out does not wait for that batch.
    this.loops = Array.from({ length: this.settings.relayClaimers }, () => this.run());
  }

  /** Stops after the batch in flight; nothing claimed is lost (an unfinished claim rolls back). */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp.stop();
    await Promise.all(this.loops);
  }

  /** Deletes delivered outbox rows and inbox marks older than their retention (see RetentionPruner). */
  prune(): Promise<{ outbox: number; inbox: number; inboxFailures: number }> {
    return this.pruner.prune();
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
        await this.pruner.pruneWhenDue();
        // A delivered event may have released its aggregate's next one, which no commit will announce:
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
        if (this.failuresInARow === 1) this.wakeUp.wakeSleeper();
      }
      await this.wakeUp.sleep(this.settings.relayPollIntervalMs);
    }
  }

  private async deliverBatch(): Promise<number> {
    return this.db.detached(async (query) => {
      const rows = await query<OutboxRow>(
        `SELECT o.position, o.id, o.type, o.aggregate_id, o.correlation_id, o.causation_id, o.occurred_at, o.payload, o.attempts,
                o.traceparent, o.tracestate
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
      if (rows.length === this.settings.relayBatchSize) this.wakeUp.wakeSleeper();
      const delivered: string[] = [];
      const failed: { row: OutboxRow; error: unknown }[] = [];
      await forEachConcurrently(rows, this.settings.relayConcurrency, async (row) => {
        try {
          await this.publish(row);
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

  /** One event handed to the transport, in a span of the trace that raised it; handlers continue from that span. */
  private publish(row: OutboxRow): Promise<void> {
    const envelope = toEnvelope(row);
    const attributes = {
      'messaging.system': this.transport.system,
      'messaging.operation.type': 'send',
      'messaging.destination.name': row.type,
      'messaging.message.id': row.id,
      'tessera.module': this.schema,
    };
    return inSpan(`publish ${row.type}`, { kind: SpanKind.PRODUCER, attributes }, contextFrom(envelope), () =>
      this.transport.publish({ ...envelope, ...currentTraceContext() }),
    );
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
    for (const delay of new Set(delays)) setTimeout(() => this.wakeUp.wake(), delay).unref();
  }
}

async function forEachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(workers);
}
