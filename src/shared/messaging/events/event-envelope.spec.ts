import { isEventEnvelope } from './event-envelope.js';

const valid = {
  id: '01a200f4-90de-7385-be72-a2f94c5bed54',
  type: 'orders.order-placed.v1',
  occurredAt: '2026-11-22T01:52:37.598Z',
  aggregateId: 'order-1',
  correlationId: 'request-1',
  causationId: null,
  payload: { anything: true },
};

describe('isEventEnvelope', () => {
  it('accepts a well-formed envelope, with or without a causation id', () => {
    expect(isEventEnvelope(valid)).toBe(true);
    expect(isEventEnvelope({ ...valid, causationId: 'event-0' })).toBe(true);
  });

  it.each([
    ['not an object', 'envelope'],
    ['null', null],
    ['a missing payload', (({ payload: _payload, ...rest }) => rest)(valid)],
    ['an id that is not a UUID (the inbox could neither handle nor park it)', { ...valid, id: 'abc' }],
    ['a numeric type', { ...valid, type: 42 }],
    ['an occurredAt that is not a date', { ...valid, occurredAt: 'yesterday' }],
    ['a causation id that is neither null nor a string', { ...valid, causationId: 7 }],
  ])('refuses %s', (_case, candidate) => {
    expect(isEventEnvelope(candidate)).toBe(false);
  });
});
