import { WriteBatch } from './write-batch.js';

describe('WriteBatch', () => {
  it('sends a single write as it is', () => {
    const batch = new WriteBatch();
    batch.add({ sql: 'INSERT INTO t (a, b) VALUES ($1, $2)', parameters: [1, 2] });
    expect(batch.statement()).toEqual({ sql: 'INSERT INTO t (a, b) VALUES ($1, $2)', parameters: [1, 2] });
  });

  it('joins writes as data-modifying CTEs, numbering each one’s parameters after those before it', () => {
    const batch = new WriteBatch();
    batch.add({ sql: 'INSERT INTO t (a, b) VALUES ($1, $2)', parameters: ['a', 'b'] });
    batch.add({ sql: 'UPDATE u SET x = $2 WHERE id = $1 AND y = $1', parameters: ['id', 'x'] });
    batch.add({ sql: 'DELETE FROM v WHERE id = ANY($1::uuid[])', parameters: [['v']] });
    expect(batch.statement()).toEqual({
      sql: [
        'WITH w0 AS (INSERT INTO t (a, b) VALUES ($1, $2)),',
        'w1 AS (UPDATE u SET x = $4 WHERE id = $3 AND y = $3),',
        'w2 AS (DELETE FROM v WHERE id = ANY($5::uuid[]))',
        'SELECT 1',
      ].join('\n'),
      parameters: ['a', 'b', 'id', 'x', ['v']],
    });
  });

  it('has no statement when nothing was written', () => {
    expect(new WriteBatch().statement()).toBeNull();
  });

  it('refuses a write that brings its own WITH or reads', () => {
    const batch = new WriteBatch();
    expect(() => batch.add({ sql: 'WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x', parameters: [] })).toThrow(
      /one INSERT, UPDATE or DELETE/,
    );
    expect(() => batch.add({ sql: 'SELECT 1', parameters: [] })).toThrow(/one INSERT, UPDATE or DELETE/);
  });

  it('explains a failure by the first write that recognises it', () => {
    const batch = new WriteBatch();
    const failure = new Error('duplicate key');
    const typed = new Error('typed');
    batch.add({ sql: 'INSERT INTO a VALUES ($1)', parameters: [1], mapError: (error) => error });
    batch.add({
      sql: 'INSERT INTO b VALUES ($1)',
      parameters: [2],
      mapError: (error) => (error === failure ? typed : error),
    });
    expect(batch.explain(failure)).toBe(typed);
    const other = new Error('other');
    expect(batch.explain(other)).toBe(other);
  });
});
