import { TESSERA_MODULES } from '../../src/module-registry.js';
import { queryRows } from './test-database.js';

/**
 * Events committed in any module's outbox but not yet handed over: zero means nothing is left to
 * happen. Given one database, all outboxes are read there; given a database per schema (micro), each
 * outbox is read where its module lives.
 */
export async function undeliveredEvents(databases: string | ((schema: string) => string)): Promise<number> {
  const databaseOf = typeof databases === 'string' ? () => databases : databases;
  const bySchema = new Map<string, string[]>();
  for (const { definition } of TESSERA_MODULES) {
    const url = databaseOf(definition.schema);
    bySchema.set(url, [...(bySchema.get(url) ?? []), definition.schema]);
  }
  let total = 0;
  for (const [url, schemas] of bySchema) {
    const [row] = await queryRows<{ n: string }>(
      url,
      `SELECT ${schemas.map((schema) => `(SELECT count(*) FROM ${schema}.outbox WHERE delivered_at IS NULL)`).join(' + ')} AS n`,
    );
    total += Number(row.n);
  }
  return total;
}
