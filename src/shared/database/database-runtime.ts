/**
 * How modules reach PostgreSQL in this process, decided at boot: the owner
 * connection of the shared server and settings every module pool gets.
 */
export interface DatabaseRuntime {
  /** Owner connection per schema; a module moved to its own database (micro) gets its own. */
  adminUrlFor(schema: string): string;
  readonly poolSize: number;
  readonly statementTimeoutMs: number;
  readonly migrateOnStart: boolean;
}

export const DATABASE_RUNTIME = Symbol('DATABASE_RUNTIME');

export function singleServerRuntime(adminUrl: string, settings: Omit<DatabaseRuntime, 'adminUrlFor'>): DatabaseRuntime {
  return { ...settings, adminUrlFor: () => adminUrl };
}
