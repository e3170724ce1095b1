import pino from 'pino';
import { DataSource } from 'typeorm';
import { Transactions } from '../../src/shared/database/transactions/transactions.js';
import type { EventTransport } from '../../src/shared/messaging/transport/event-transport.js';
import type { MessagingSettings } from '../../src/shared/messaging/messaging-settings.js';
import { OutboxRelay } from '../../src/shared/messaging/outbox/outbox.relay.js';
import { RelayWakeUp } from '../../src/shared/messaging/outbox/relay.wake-up.js';
import { Metrics } from '../../src/shared/observability/metrics.js';
import { createTestDatabase, type TestDatabase, testServerUrl, withClient } from '../support/test-database.js';

const SETTINGS: MessagingSettings = {
  relayPollIntervalMs: 200,
  relayBatchSize: 10,
  relayConcurrency: 4,
  relayClaimers: 2,
  maxAttempts: 5,
  retryBaseMs: 50,
  retryMaxMs: 1000,
  outboxRetentionHours: 24,
  inboxRetentionHours: 168,
};

/** A relay whose database stops taking connections: it must wait for its poll between attempts, not spin. */
describe('outbox relay while its database refuses connections', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: database.url, poolSize: 4 });
    await dataSource.initialize();
    // The real outage: the server refuses new connections to this database and ends the ones it has.
    await withClient(testServerUrl(), async (client) => {
      await client.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database.name],
      );
    });
  });
  afterAll(async () => {
    await dataSource?.destroy().catch(() => undefined);
    await withClient(testServerUrl(), (client) =>
      client.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`),
    ).catch(() => undefined);
    await database?.drop();
  });

  it('tries once per loop and poll, and logs the outage once, however long it lasts', async () => {
    const transactions = new Transactions(dataSource);
    let attempts = 0;
    const detached = transactions.detached.bind(transactions);
    transactions.detached = (work) => {
      attempts += 1;
      return detached(work);
    };
    const errors: unknown[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void errors.push(JSON.parse(line)) });
    const transport = { publish: async () => undefined } as unknown as EventTransport;
    const relay = new OutboxRelay('probe', transactions, new RelayWakeUp(), transport, SETTINGS, new Metrics(), logger);

    relay.start();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await relay.stop();

    // Two loops, a 200 ms poll, one second: about ten rounds. A loop that woke the other on every failure made thousands.
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(16);
    expect(errors.filter((line) => (line as { msg?: string }).msg === 'outbox relay failed; retrying')).toHaveLength(1);
  });
});
