import { DataSource } from 'typeorm';
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
