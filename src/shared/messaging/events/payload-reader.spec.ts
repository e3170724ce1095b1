import { InvalidEventPayloadError, PayloadReader } from './payload-reader.js';

const read = (raw: unknown) =>
  PayloadReader.read('test.thing.v1', raw, (p) => ({
    id: p.uuid('id'),
    note: p.nullableString('note'),
    kind: p.oneOf('kind', ['a', 'b'] as const),
    lines: p.array('lines', (line) => ({ quantity: line.integer('quantity', { min: 1 }) }), { min: 1 }),
  }));

describe('PayloadReader', () => {
  it('returns the fields the reader asks for, ignoring the rest (a tolerant reader)', () => {
    expect(
      read({
        id: '01a20070-2e80-7027-9c10-8e95813c8417',
        note: null,
        kind: 'b',
        lines: [{ quantity: 2, extra: true }],
        ignored: 1,
      }),
    ).toEqual({
      id: '01a20070-2e80-7027-9c10-8e95813c8417',
      note: null,
      kind: 'b',
      lines: [{ quantity: 2 }],
    });
  });

  it('collects every problem with its path', () => {
    try {
      read({ id: 'nope', note: 3, kind: 'c', lines: [{ quantity: 0 }, 'x'] });
      throw new Error('expected the payload to be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEventPayloadError);
      expect((error as InvalidEventPayloadError).problems).toEqual([
        'id must be a UUID',
        'note must be a string or null',
        'kind must be one of a, b',
        `lines[0].quantity must be an integer from 1 to ${Number.MAX_SAFE_INTEGER}`,
        'lines[1] must be an object',
      ]);
    }
  });

  it('refuses a payload that is not an object, and missing arrays', () => {
    expect(() => read('text')).toThrow('test.thing.v1 payload is invalid: payload must be an object');
    expect(() => read([])).toThrow(/payload must be an object/);
    expect(() => read({ id: '01a20070-2e80-7027-9c10-8e95813c8417', note: null, kind: 'a' })).toThrow(
      /lines must be an array/,
    );
    expect(() => read({ id: '01a20070-2e80-7027-9c10-8e95813c8417', note: null, kind: 'a', lines: [] })).toThrow(
      /lines must have 1 to/,
    );
  });
});
