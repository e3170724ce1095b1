import { validate as isUuid } from 'uuid';
import type { TraceContext } from '../../observability/tracing/trace-context.js';

/**
 * How every integration event travels, in process or through the broker.
 * `correlationId` ties together everything one request set off; `causationId`
 * is the id of the message (or HTTP request) that directly caused this one.
 * `traceparent` (W3C trace context, when tracing is on) is the span that
 * wrote or last carried the event: handling it continues that trace.
 */
export interface EventEnvelope<T = unknown> extends TraceContext {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly aggregateId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly payload: T;
}

const ENVELOPE_KEYS = ['id', 'type', 'occurredAt', 'aggregateId', 'correlationId', 'payload'] as const;

/**
 * Structural check of something that claims to be an envelope (e.g. a broker
 * message body). The id must be a UUID: the inbox and dead letters key on it,
 * so any other id could be neither handled nor parked, only retried forever.
 */
export function isEventEnvelope(value: unknown): value is EventEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    ENVELOPE_KEYS.every((key) => key in candidate) &&
    ['id', 'type', 'occurredAt', 'aggregateId', 'correlationId'].every((key) => typeof candidate[key] === 'string') &&
    (candidate.causationId === null || typeof candidate.causationId === 'string') &&
    ['traceparent', 'tracestate'].every((key) => candidate[key] === undefined || typeof candidate[key] === 'string') &&
    isUuid(candidate.id) &&
    !Number.isNaN(Date.parse(candidate.occurredAt as string))
  );
}
