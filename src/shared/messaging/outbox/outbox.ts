import { randomUUID } from 'node:crypto';
import { requestContext } from '../../observability/request-context.js';
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
 * raised them, so an event exists if and only if its change committed. A
 * statement trigger NOTIFYs the relay, and PostgreSQL delivers the NOTIFY only
 * on commit.
 */
export class Outbox {
  constructor(
    private readonly schema: string,
    private readonly transactions: Transactions,
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
    };
    await this.transactions.query(
      `INSERT INTO ${this.schema}.outbox (id, type, aggregate_id, correlation_id, causation_id, occurred_at, payload) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        envelope.id,
        envelope.type,
        envelope.aggregateId,
        envelope.correlationId,
        envelope.causationId,
        envelope.occurredAt,
        JSON.stringify(envelope.payload),
      ],
    );
    return envelope;
  }
}
