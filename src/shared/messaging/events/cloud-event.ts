import type { EventEnvelope } from './event-envelope.js';

/**
 * An event as a CloudEvent 1.0: Tessera's type `orders.order-placed.v1` is `tessera.orders.order-placed.v1` from
 * source `/tessera/orders`, about `subject` (the aggregate); `correlationid` and `causationid` are extension
 * attributes, `traceparent` and `tracestate` those of the distributed-tracing extension.
 */
export const CLOUD_EVENT_TYPE_PREFIX = 'tessera.';

export function cloudEventAttributes(envelope: EventEnvelope): Record<string, string> {
  const publisher = envelope.type.split('.')[0];
  return {
    specversion: '1.0',
    id: envelope.id,
    source: `/tessera/${publisher}`,
    type: `${CLOUD_EVENT_TYPE_PREFIX}${envelope.type}`,
    subject: envelope.aggregateId,
    time: envelope.occurredAt,
    // The event's message in docs/asyncapi.yaml (served at /docs/asyncapi) holds its JSON Schema.
    dataschema: `urn:tessera:asyncapi:message:${envelope.type}`,
    correlationid: envelope.correlationId,
    ...(envelope.causationId === null ? {} : { causationid: envelope.causationId }),
    // The publishing span, which the consumer's span continues.
    ...(envelope.traceparent === undefined ? {} : { traceparent: envelope.traceparent }),
    ...(envelope.tracestate === undefined ? {} : { tracestate: envelope.tracestate }),
  };
}

/** The JSON event format (structured mode): the attributes and the payload as `data`. */
export function structuredCloudEvent(envelope: EventEnvelope): Record<string, unknown> {
  return { ...cloudEventAttributes(envelope), datacontenttype: 'application/json', data: envelope.payload };
}
