import { Client } from 'pg';
import type { Logger } from 'pino';
import { ModuleMovedError, movedTo } from './module-move-mark.js';
import { type ModuleRole, moduleRole } from './module-role.js';
import { PgErrorCode, pgErrorCode } from '../errors/pg-errors.js';

const RETRYABLE = new Set<string>([
  PgErrorCode.duplicateObject,
  PgErrorCode.uniqueViolation,
  PgErrorCode.duplicateSchema,
  PgErrorCode.deadlockDetected,
  'XX000',
]);

/**
 * Gives each module its schema and its login role, owner of that schema and of
 * nothing else. Idempotent: runs at every start-up and from `npm run migrate`.
 * Several processes may provision one cluster at once (roles are cluster-wide),
 * so catalogue races are retried.
 */
export async function provisionModuleSchemas(
  adminUrl: string,
  schemas: readonly string[],
  logger: Logger,
  options: { allowMoved?: boolean } = {},
): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  // A lost connection already fails the statement awaiting it; unheard, its 'error' event would end the process instead.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const database = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
    await withRetry(async () => {
      await client.query('BEGIN');
      try {
        // Serialises provisioning of one database; races across databases (roles) are retried.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['tessera.provisioning']);
        for (const schema of schemas) {
          // Not even the schema is recreated where a module moved away (after `extract --drop-source` too).
          const role = moduleRole(schema, adminUrl);
          const moved = options.allowMoved ? undefined : await movedTo(client, role.name);
          if (moved !== undefined) throw new ModuleMovedError(schema, moved);
          await provisionOne(client, database, schema, role);
        }
        // Before PostgreSQL 15 every role may create objects in `public`; no module may.
        await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    });
    logger.debug({ schemas }, 'module schemas provisioned');
  } finally {
    await client.end();
  }
}

async function provisionOne(client: Client, database: string, schema: string, role: ModuleRole): Promise<void> {
  const roleId = client.escapeIdentifier(role.name);
  const schemaId = client.escapeIdentifier(schema);
  const password = client.escapeLiteral(role.password);
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
  if (exists.rowCount === 0) {
    await client.query(`CREATE ROLE ${roleId} LOGIN NOINHERIT NOCREATEDB NOCREATEROLE PASSWORD ${password}`);
  } else {
    await client.query(`ALTER ROLE ${roleId} WITH LOGIN NOINHERIT PASSWORD ${password}`);
  }
  await client.query(`GRANT CONNECT ON DATABASE ${client.escapeIdentifier(database)} TO ${roleId}`);
  // A non-superuser owner connection needs membership to create a schema owned by the module role.
  const superuser = await client.query<{ rolsuper: boolean }>(
    'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
  );
  if (!superuser.rows[0]?.rolsuper) await client.query(`GRANT ${roleId} TO CURRENT_USER`);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${schemaId} AUTHORIZATION ${roleId}`);
  await client.query(`ALTER SCHEMA ${schemaId} OWNER TO ${roleId}`);
  await client.query(`REVOKE ALL ON SCHEMA ${schemaId} FROM PUBLIC`);
}

async function withRetry(work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = pgErrorCode(error);
      if (attempt >= 5 || code === undefined || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
