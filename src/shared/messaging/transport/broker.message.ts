import type { ConsumeMessage, Options } from 'amqplib';
import { CLOUD_EVENT_TYPE_PREFIX, cloudEventAttributes } from '../events/cloud-event.js';
import { type EventEnvelope, isEventEnvelope } from '../events/event-envelope.js';

/**
 * Events on the broker are CloudEvents 1.0 (see cloud-event.ts) in the AMQP binding's binary mode: the attributes are
 * application properties named `cloudEvents:<attribute>` (AMQP 0-9-1 headers here), the payload is the body, and
 * `content-type` is its `datacontenttype`. The routing key stays the type.
 */
const PREFIX = 'cloudEvents:';

/**
 * The body and AMQP properties an event is published with: persistent, and readable without Tessera.
 * `envelope` writes the earlier format (the whole envelope as the body), for a rolling upgrade: processes
 * publish it until every consumer reads CloudEvents, then switch.
 */
export function brokerMessage(
  envelope: EventEnvelope,
  format: 'cloudevents' | 'envelope' = 'cloudevents',
): { body: Buffer; options: Options.Publish } {
  const attributes = cloudEventAttributes(envelope);
  const properties = {
    persistent: true,
    contentType: 'application/json',
    messageId: envelope.id,
    type: envelope.type,
    correlationId: envelope.correlationId,
    timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
  };
  if (format === 'envelope')
    return {
      body: Buffer.from(JSON.stringify(envelope)),
      options: {
        ...properties,
        headers: { 'x-aggregate-id': envelope.aggregateId, 'x-causation-id': envelope.causationId ?? '' },
      },
    };
  return {
    body: Buffer.from(JSON.stringify(envelope.payload)),
    options: {
      ...properties,
      headers: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [`${PREFIX}${name}`, value])),
    },
  };
}

/**
 * The event a message carries, or undefined when it is unreadable. Reads CloudEvents in binary
 * mode, and Tessera's earlier envelope (the whole event as the JSON body), which a process not yet
 * upgraded may still publish and which queues may still hold.
 */
export function receivedEnvelope(message: ConsumeMessage): EventEnvelope | undefined {
  const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
  const attribute = (name: string) => {
    const value = headers[`${PREFIX}${name}`];
    return typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
  };
  // `time` may come as an AMQP timestamp (seconds) from another producer: read it as a time.
  const time = headers[`${PREFIX}time`];
  const occurredAt = typeof time === 'number' ? new Date(time * 1000).toISOString() : attribute('time');
  let body: unknown;
  try {
    body = JSON.parse(message.content.toString('utf8'));
  } catch {
    return undefined;
  }
  if (attribute('specversion') === undefined) return isEventEnvelope(body) ? body : undefined;
  const type = attribute('type');
  const candidate = {
    id: attribute('id'),
    type: type?.startsWith(CLOUD_EVENT_TYPE_PREFIX) ? type.slice(CLOUD_EVENT_TYPE_PREFIX.length) : type,
    occurredAt,
    aggregateId: attribute('subject'),
    correlationId: attribute('correlationid') ?? attribute('id'),
    causationId: attribute('causationid') ?? null,
    payload: body,
    ...(attribute('traceparent') === undefined ? {} : { traceparent: attribute('traceparent') }),
    ...(attribute('tracestate') === undefined ? {} : { tracestate: attribute('tracestate') }),
  };
  return attribute('specversion') === '1.0' && isEventEnvelope(candidate) ? candidate : undefined;
}
