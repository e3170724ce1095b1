import type { Options } from 'amqplib';
import type { EventEnvelope } from '../events/event-envelope.js';

/** The AMQP properties an event is published with: persistent, typed, and carrying its ids for tools and consumers. */
export function publishOptions(envelope: EventEnvelope): Options.Publish {
  return {
    persistent: true,
    contentType: 'application/json',
    messageId: envelope.id,
    type: envelope.type,
    correlationId: envelope.correlationId,
    timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
    headers: { 'x-aggregate-id': envelope.aggregateId, 'x-causation-id': envelope.causationId ?? '' },
  };
}
