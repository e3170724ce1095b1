import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { statementsDuring } from '../../../../test/support/statement-log.js';
import { createTestDatabase, type TestDatabase, withClient } from '../../../../test/support/test-database.js';
import { Transactions } from './transactions.js';

/** A connection lost while a detached transaction holds it (a restart, a terminated backend) must fail that transaction, not the process. */
describe('Transactions.detached when its connection is lost', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: database.url, poolSize: 2 });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy().catch(() => undefined);
    await database?.drop();
  });

  it('rejects the work, discards the connection and keeps serving the next transaction', async () => {
    const transactions = new Transactions(dataSource);
    const outcome = transactions.detached(async (query) => {
      const [{ pid }] = await query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await withClient(database.url, (admin) => admin.query('SELECT pg_terminate_backend($1)', [pid]));
      // Until the termination lands, statements still succeed; the first one after it must reject.
      for (let round = 0; round < 200; round += 1) {
        await query('SELECT 1');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return 'survived';
    });

    await expect(outcome).rejects.toThrow(/terminat|connection error/i);
    // An unhandled 'error' event would have failed this file by now; the pool hands out a working connection again.
    await expect(transactions.detached((query) => query<{ one: number }>('SELECT 1 AS one'))).resolves.toEqual([
      { one: 1 },
    ]);
  });
});

describe('Transactions.prepared', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const statement = { name: 'test.numbers', text: 'SELECT n, n * 2 AS twice FROM generate_series(1, $1::int) AS n' };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: database.url, poolSize: 1 });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy().catch(() => undefined);
    await database?.drop();
  });

  it('returns rows as arrays in column order, on the pool and again on the same connection', async () => {
    const transactions = new Transactions(dataSource);
    expect(await transactions.prepared(statement, [2])).toEqual([
      [1, 2],
      [2, 4],
    ]);
    expect(await transactions.prepared(statement, [1])).toEqual([[1, 2]]);
  });

  it('runs inside the transaction in progress', async () => {
    const transactions = new Transactions(dataSource);
    await dataSource.query('CREATE TABLE IF NOT EXISTS prepared_probe (n int)');
    const seen = await transactions.run(async (manager) => {
      await manager.query('INSERT INTO prepared_probe VALUES (7)');
      return transactions.prepared({ name: 'test.probe', text: 'SELECT n FROM prepared_probe' }, []);
    });
    expect(seen).toEqual([[7]]);
  });
});

describe('Transactions.runWriteOnly', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: database.url, poolSize: 2 });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE parents (id int PRIMARY KEY, name text UNIQUE)');
    await dataSource.query('CREATE TABLE children (parent_id int NOT NULL REFERENCES parents(id), n int NOT NULL)');
  });
  afterAll(async () => {
    await dataSource?.destroy().catch(() => undefined);
    await database?.drop();
  });

  /** A parent and its children: two writes, the second depending on the first through a foreign key. */
  const writeFamily = async (transactions: Transactions, id: number, name: string, children: number[]) => {
    await transactions.write({ sql: 'INSERT INTO parents (id, name) VALUES ($1, $2)', parameters: [id, name] });
    await transactions.write({
      sql: 'INSERT INTO children (parent_id, n) SELECT $1, n FROM unnest($2::int[]) AS n',
      parameters: [id, children],
    });
  };

  it('sends its writes as one statement with no BEGIN or COMMIT, the parent visible to the child’s foreign key', async () => {
    const transactions = new Transactions(dataSource);
    const committed = jest.fn();
    const { statements } = await statementsDuring(() =>
      transactions.runWriteOnly(async () => {
        await writeFamily(transactions, 1, 'one', [10, 11]);
        transactions.afterCommit(committed);
        expect(committed).not.toHaveBeenCalled();
      }),
    );
    expect(committed).toHaveBeenCalledTimes(1);
    expect(statements.filter((sql) => !/^SELECT 1$/.test(sql))).toHaveLength(1);
    expect(statements.some((sql) => /^(BEGIN|START TRANSACTION|COMMIT)/i.test(sql))).toBe(false);
    expect(await dataSource.query('SELECT parent_id, n FROM children ORDER BY n')).toEqual([
      { parent_id: 1, n: 10 },
      { parent_id: 1, n: 11 },
    ]);
  });

  it('is atomic: when one write fails nothing of the unit is kept, the failure is mapped and no commit callback runs', async () => {
    const transactions = new Transactions(dataSource);
    const committed = jest.fn();
    const typed = new Error('that name is taken');
    const outcome = transactions.runWriteOnly(async () => {
      await transactions.write({ sql: 'INSERT INTO children (parent_id, n) VALUES ($1, $2)', parameters: [1, 12] });
      await transactions.write({
        sql: 'INSERT INTO parents (id, name) VALUES ($1, $2)',
        parameters: [2, 'one'],
        mapError: (error) => ((error as { code?: string }).code === '23505' ? typed : error),
      });
      transactions.afterCommit(committed);
    });
    await expect(outcome).rejects.toBe(typed);
    expect(committed).not.toHaveBeenCalled();
    expect(await dataSource.query('SELECT count(*)::int AS n FROM children WHERE n = 12')).toEqual([{ n: 0 }]);
  });

  it('refuses reads and nested transactions inside it', async () => {
    const transactions = new Transactions(dataSource);
    await expect(transactions.runWriteOnly(() => transactions.query('SELECT 1'))).rejects.toThrow(/cannot read/);
    await expect(transactions.runWriteOnly(() => transactions.run(async () => 1))).rejects.toThrow(/cannot read/);
  });

  it('joins a transaction in progress, whose writes run at once and commit or roll back with it', async () => {
    const transactions = new Transactions(dataSource);
    const outcome = transactions.run(async () => {
      await transactions.runWriteOnly(() => writeFamily(transactions, 3, 'three', [30]));
      expect(await transactions.query('SELECT n FROM children WHERE parent_id = 3')).toEqual([{ n: 30 }]);
      throw new Error('changed my mind');
    });
    await expect(outcome).rejects.toThrow('changed my mind');
    expect(await dataSource.query('SELECT count(*)::int AS n FROM parents WHERE id = 3')).toEqual([{ n: 0 }]);
  });
});
