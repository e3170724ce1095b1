import { TESSERA_MODULES } from '../../src/module-registry.js';
import { withClient } from './test-database.js';

/** Every module's outbox, for counting across modules in one statement. */
const OUTBOXES = TESSERA_MODULES.map((module) => `${module.definition.schema}.outbox`);

/** Events committed in any module's outbox but not yet handed over: zero means nothing is left to happen. */
export function undeliveredEvents(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, (client) =>
    client.query<{ n: string }>(
      `SELECT ${OUTBOXES.map((outbox) => `(SELECT count(*) FROM ${outbox} WHERE delivered_at IS NULL)`).join(' + ')} AS n`,
    ),
  ).then((result) => Number(result.rows[0].n));
}
