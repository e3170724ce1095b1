import type { ConsumeMessage } from 'amqplib';
import type { EventEnvelope } from '../events/event-envelope.js';
import { brokerMessage, receivedEnvelope } from './broker.message.js';

const ENVELOPE: EventEnvelope = {
  id: '01a20070-2e80-7027-9c10-8e95813c8417',
  type: 'orders.order-placed.v1',
  occurredAt: '2026-12-04T03:00:00.000Z',
  aggregateId: '01a20070-2e80-7027-9c10-8e95813c8418',
  correlationId: 'request-1',
  causationId: null,
  payload: { orderId: '01a20070-2e80-7027-9c10-8e95813c8418', lines: [] },
};

const asReceived = (body: Buffer, headers: Record<string, unknown> = {}) =>
  ({ content: body, properties: { headers }, fields: {} }) as unknown as ConsumeMessage;

describe('events on the broker (CloudEvents 1.0, AMQP binding, binary mode)', () => {
  it('carries the attributes as cloudEvents: properties and the payload alone as the body', () => {
    const { body, options } = brokerMessage({ ...ENVELOPE, causationId: 'event-0' });
    expect(JSON.parse(body.toString('utf8'))).toEqual(ENVELOPE.payload);
    expect(options.contentType).toBe('application/json');
    expect(options.headers).toEqual({
      'cloudEvents:specversion': '1.0',
      'cloudEvents:id': ENVELOPE.id,
      'cloudEvents:source': '/tessera/orders',
      'cloudEvents:type': 'tessera.orders.order-placed.v1',
      'cloudEvents:subject': ENVELOPE.aggregateId,
      'cloudEvents:time': ENVELOPE.occurredAt,
      'cloudEvents:dataschema': 'urn:tessera:asyncapi:message:orders.order-placed.v1',
      'cloudEvents:correlationid': 'request-1',
      'cloudEvents:causationid': 'event-0',
    });
  });

  it('reads back the event it wrote, with or without a cause', () => {
    for (const envelope of [ENVELOPE, { ...ENVELOPE, causationId: 'event-0' }]) {
      const { body, options } = brokerMessage(envelope);
      expect(receivedEnvelope(asReceived(body, options.headers as Record<string, unknown>))).toEqual(envelope);
    }
  });

  it('carries the trace context as the distributed-tracing extension, both ways', () => {
    const traced = {
      ...ENVELOPE,
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: 'vendor=opaque',
    };
    const { body, options } = brokerMessage(traced);
    expect(options.headers).toMatchObject({
      'cloudEvents:traceparent': traced.traceparent,
      'cloudEvents:tracestate': 'vendor=opaque',
    });
    expect(receivedEnvelope(asReceived(body, options.headers as Record<string, unknown>))).toEqual(traced);
    // In the earlier format the trace context rides inside the envelope.
    const earlier = brokerMessage(traced, 'envelope');
    expect(receivedEnvelope(asReceived(earlier.body, earlier.options.headers as Record<string, unknown>))).toEqual(
      traced,
    );
  });

  it('reads a time sent as an AMQP timestamp', () => {
    const { body, options } = brokerMessage(ENVELOPE);
    const headers = { ...(options.headers as Record<string, unknown>), 'cloudEvents:time': 1796353200 };
    expect(receivedEnvelope(asReceived(body, headers))?.occurredAt).toBe('2026-12-04T03:00:00.000Z');
  });

  it("still reads Tessera's earlier envelope, and writes it with BROKER_EVENT_FORMAT=envelope during an upgrade", () => {
    expect(receivedEnvelope(asReceived(Buffer.from(JSON.stringify(ENVELOPE))))).toEqual(ENVELOPE);
    const { body, options } = brokerMessage(ENVELOPE, 'envelope');
    expect(JSON.parse(body.toString('utf8'))).toEqual(ENVELOPE);
    expect(Object.keys(options.headers as object).some((name) => name.startsWith('cloudEvents:'))).toBe(false);
    expect(receivedEnvelope(asReceived(body, options.headers as Record<string, unknown>))).toEqual(ENVELOPE);
  });

  it('reads nothing from a body that is not JSON, another spec version or missing attributes', () => {
    const { body, options } = brokerMessage(ENVELOPE);
    const headers = options.headers as Record<string, unknown>;
    expect(receivedEnvelope(asReceived(Buffer.from('{not json'), headers))).toBeUndefined();
    expect(receivedEnvelope(asReceived(body, { ...headers, 'cloudEvents:specversion': '0.3' }))).toBeUndefined();
    expect(receivedEnvelope(asReceived(body, { ...headers, 'cloudEvents:id': 'not-a-uuid' }))).toBeUndefined();
    expect(receivedEnvelope(asReceived(body, { 'cloudEvents:specversion': '1.0' }))).toBeUndefined();
    expect(receivedEnvelope(asReceived(Buffer.from('{"id":"x"}')))).toBeUndefined();
  });
});
