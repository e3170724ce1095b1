import { withClient } from './test-database.js';

/** Events committed in any module's outbox but not yet handed over: zero means nothing is left to happen. */
export function undeliveredEvents(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, (client) =>
    client.query<{ n: string }>(
      'SELECT (SELECT count(*) FROM users.outbox WHERE delivered_at IS NULL) + (SELECT count(*) FROM catalog.outbox WHERE delivered_at IS NULL) + (SELECT count(*) FROM orders.outbox WHERE delivered_at IS NULL) AS n',
    ),
  ).then((result) => Number(result.rows[0].n));
}
