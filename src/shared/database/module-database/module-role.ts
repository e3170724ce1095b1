import { createHmac } from 'node:crypto';

/**
 * The PostgreSQL login role a module's code runs under. Roles are cluster-wide,
 * so the name is fixed per module; the password is derived from the owner
 * connection's credentials (which can set it anyway), so no extra secret has
 * to be configured or shared between processes.
 */
export interface ModuleRole {
  readonly name: string;
  readonly password: string;
}

export function moduleRole(schema: string, adminUrl: string): ModuleRole {
  const admin = new URL(adminUrl);
  // Credentials only: processes reaching one server by different names (DNS and IP, a pooler) must
  // agree, or each start would reset the shared role's password under the others.
  const key = `${decodeURIComponent(admin.username)}:${decodeURIComponent(admin.password)}`;
  return {
    name: `tessera_${schema}`,
    password: createHmac('sha256', key).update(`tessera-module-role:${schema}`).digest('base64url'),
  };
}

/** The connection URL a module's pool uses: same server and database, the module's own role. */
export function moduleConnectionUrl(schema: string, adminUrl: string): string {
  const role = moduleRole(schema, adminUrl);
  const url = new URL(adminUrl);
  url.username = role.name;
  url.password = role.password;
  return url.toString();
}
