import { Client } from 'pg';
import { createTestDatabase, testServerUrl, withClient } from '../../../../test/support/test-database.js';
import { isDatabaseUnavailable, isTransientDatabaseError } from './pg-errors.js';

/** What PostgreSQL really answers, classified: an outage is "try again later" (503), a mistake is not. */
describe('pg error classification', () => {
  const connectError = async (url: string): Promise<unknown> => {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
    } catch (error) {
      return error;
    } finally {
      await client.end().catch(() => undefined);
    }
    throw new Error('the connection was expected to fail');
  };

  it('counts a database closed to connections (ALLOW_CONNECTIONS false, SQLSTATE 55000) as unavailable', async () => {
    const database = await createTestDatabase();
    const server = testServerUrl();
    try {
      await withClient(server, (client) => client.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`));
      const error = await connectError(database.url);
      expect((error as { code?: string }).code).toBe('55000');
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(isTransientDatabaseError(error)).toBe(true);
    } finally {
      await withClient(server, (client) => client.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`));
      await database.drop();
    }
  });

  it('does not count other 55000 errors, nor a query mistake, as an outage', async () => {
    const database = await createTestDatabase();
    try {
      const [notReady, mistake] = await withClient(database.url, async (client) => {
        await client.query('CREATE SEQUENCE counter');
        return [
          await client.query("SELECT currval('counter')").catch((error: unknown) => error),
          await client.query('SELECT * FROM no_such_table').catch((error: unknown) => error),
        ];
      });
      expect((notReady as { code?: string }).code).toBe('55000');
      expect(isDatabaseUnavailable(notReady)).toBe(false);
      expect(isDatabaseUnavailable(mistake)).toBe(false);
    } finally {
      await database.drop();
    }
  });
});
