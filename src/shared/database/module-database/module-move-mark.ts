import type { Client } from 'pg';

/**
 * `npm run extract` leaves a mark on the database a module moved away from:
 * a setting of the module's role in that database, which survives dropping
 * the schema. While it is there, nothing provisions (or recreates) the module
 * there, so a process still configured for the old database refuses to start
 * instead of writing to a copy nobody reads.
 */
const SETTING = 'tessera.moved_to';

/** Where the module went and when, or undefined when it was never moved away from this database. */
export async function movedTo(owner: Client, role: string): Promise<string | undefined> {
  const result = await owner.query<{ value: string }>(
    `SELECT substr(c, length($2) + 2) AS value
       FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole, unnest(s.setconfig) AS c
      WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) AND r.rolname = $1 AND c LIKE $2 || '=%'`,
    [role, SETTING],
  );
  return result.rows[0]?.value;
}

export function markMoved(owner: Client, role: string, note: string): Promise<void> {
  return alterRoleSetting(owner, role, `SET ${SETTING} = ${owner.escapeLiteral(note)}`);
}

export function clearMoved(owner: Client, role: string): Promise<void> {
  return alterRoleSetting(owner, role, `RESET ${SETTING}`);
}

/** The role's setting in the owner session's own database. */
async function alterRoleSetting(owner: Client, role: string, change: string): Promise<void> {
  const database = (await owner.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
  await owner.query(
    `ALTER ROLE ${owner.escapeIdentifier(role)} IN DATABASE ${owner.escapeIdentifier(database)} ${change}`,
  );
}

/** A process was about to host a module on the database it was moved away from. */
export class ModuleMovedError extends Error {
  constructor(schema: string, where: string) {
    const variable = `${schema.toUpperCase()}_DATABASE_URL`;
    super(
      `the ${schema} module was moved out of this database by npm run extract (${where}): ` +
        `give the process that hosts ${schema} ${variable}, or bring ${schema} back with \`npm run extract -- ${schema} --back\``,
    );
    this.name = 'ModuleMovedError';
  }
}
