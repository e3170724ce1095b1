import type { EventEnvelope } from '../events/event-envelope.js';

/** An outbox row as the relay claims it. */
export interface OutboxRow {
  position: string;
  id: string;
  type: string;
  aggregate_id: string;
  correlation_id: string;
  causation_id: string | null;
  occurred_at: Date;
  payload: unknown;
  attempts: number;
  traceparent: string | null;
  tracestate: string | null;
}

/** The envelope a claimed row is published as. */
export function toEnvelope(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    occurredAt: row.occurred_at.toISOString(),
    aggregateId: row.aggregate_id,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    payload: row.payload,
    ...(row.traceparent === null ? {} : { traceparent: row.traceparent }),
    ...(row.tracestate === null ? {} : { tracestate: row.tracestate }),
  };
}
