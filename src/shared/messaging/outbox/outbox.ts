import { randomUUID } from 'node:crypto';
import { requestContext } from '../../observability/request-context.js';
import { inSpan } from '../../observability/tracing/tracer.js';
import { currentTraceContext } from '../../observability/tracing/trace-context.js';
import { context } from '@opentelemetry/api';
import type { Transactions } from '../../database/transactions/transactions.js';
import type { EventEnvelope } from '../events/event-envelope.js';
import type { IntegrationEvent } from '../events/integration-event.js';

export interface EventOrigin {
  /** The message that caused this event; by default the HTTP request or event being handled. */
  readonly causationId?: string | null;
  readonly correlationId?: string;
}

/**
 * The transactional outbox of one module: events are rows in the module's own
 * `outbox` table, written in the same transaction as the state change that
 * raised them, so an event exists if and only if its change committed. The
 * relay is woken once the transaction commits (never if it rolls back).
 *
 * The rows of one transaction are written together right before its COMMIT,
 * in one statement: a handler running a batch of events appends one row each.
 */
export class Outbox {
  /** Envelopes appended in each open unit of work, not yet written. */
  private readonly pending = new WeakMap<object, EventEnvelope[]>();

  constructor(
    private readonly schema: string,
    private readonly transactions: Transactions,
    /** Wakes this module's relay; called after the commit of a transaction that appended. */
    private readonly committed: () => void = () => undefined,
  ) {}

  /** Must run inside `Transactions.run`: an event outside a transaction would be published on its own. */
  async append<T>(
    event: IntegrationEvent<T>,
    aggregateId: string,
    payload: T,
    origin: EventOrigin = {},
  ): Promise<EventEnvelope<T>> {
    if (!this.transactions.inTransaction()) {
      throw new Error(`${event.type} must be appended inside the transaction that makes the change (Transactions.run)`);
    }
    // A module publishes only its own events: another module's type name here would be an impersonation.
    if (event.publisher !== this.schema) {
      throw new Error(
        `${this.schema} cannot publish ${event.type}: that event belongs to ${event.publisher}, which alone publishes it`,
      );
    }
    // A publisher must honour its own contract: a payload that fails it is a bug, caught before it is stored.
    event.parse(payload);
    const context = requestContext.current();
    const envelope: EventEnvelope<T> = {
      id: randomUUID(),
      type: event.type,
      occurredAt: new Date().toISOString(),
      aggregateId,
      correlationId: origin.correlationId ?? context?.correlationId ?? randomUUID(),
      causationId: origin.causationId === undefined ? (context?.causeId ?? null) : origin.causationId,
      payload,
      // The span raising the event: the relay's publish, and so every handler of it, continue its trace.
      ...currentTraceContext(),
    };
    const transaction = this.transactions.unitKey();
    const pending = this.pending.get(transaction);
    if (pending) {
      pending.push(envelope);
    } else {
      const rows = [envelope];
      this.pending.set(transaction, rows);
      this.transactions.beforeCommit(() => this.write(rows));
      this.transactions.afterCommit(this.committed);
    }
    return envelope;
  }

  /**
   * One statement for a transaction's events, in the order they were appended (their positions follow it); in a
   * write-only unit it joins the unit's one statement.
   */
  private write(rows: readonly EventEnvelope[]): Promise<void> {
    const attributes = { 'tessera.module': this.schema, 'messaging.batch.message_count': rows.length };
    return inSpan(`${this.schema} outbox write`, { attributes }, context.active(), async () => {
      await this.transactions.write({
        sql: `INSERT INTO ${this.schema}.outbox (id, type, aggregate_id, correlation_id, causation_id, occurred_at, payload, traceparent, tracestate)
       SELECT id, type, aggregate_id, correlation_id, causation_id, occurred_at, payload, traceparent, tracestate
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::jsonb[], $8::text[], $9::text[])
              WITH ORDINALITY AS e(id, type, aggregate_id, correlation_id, causation_id, occurred_at, payload, traceparent, tracestate, n)
        ORDER BY n`,
        parameters: [
          rows.map((row) => row.id),
          rows.map((row) => row.type),
          rows.map((row) => row.aggregateId),
          rows.map((row) => row.correlationId),
          rows.map((row) => row.causationId),
          rows.map((row) => row.occurredAt),
          rows.map((row) => JSON.stringify(row.payload)),
          rows.map((row) => row.traceparent ?? null),
          rows.map((row) => row.tracestate ?? null),
        ],
      });
    });
  }
}
