import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  /** Owner connection to a fresh, empty database of its own. */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

export function testServerUrl(): string {
  const url = process.env.TESSERA_TEST_ADMIN_URL;
  if (!url) throw new Error('TESSERA_TEST_ADMIN_URL is not set: run the tests through `npm test` (jest global setup).');
  return url;
}

/** A new database on the test server, so test files never see each other's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = testServerUrl();
  const name = `tessera_test_${randomBytes(6).toString('hex')}`;
  await withClient(server, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withClient(server, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The rows one statement returns, on a connection of its own. */
export function queryRows<T>(url: string, text: string): Promise<T[]> {
  return withClient(url, (client) => client.query(text)).then((result) => result.rows as T[]);
}
