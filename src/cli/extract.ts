import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { startDatabaseServer } from '../bootstrap.js';
import { TESSERA_MODULES, type TesseraModule } from '../module-registry.js';
import { type AppConfig, ConfigError, loadConfig } from '../shared/config/index.js';
import {
  clearMoved,
  type DatabaseServer,
  markMoved,
  moduleConnectionUrl,
  moduleRole,
  movedTo,
  openModuleDatabase,
  singleServerRuntime,
} from '../shared/database/index.js';
import { createLogger } from '../shared/observability/index.js';
import { maskUrl } from '../shared/config/mask-url.js';
import { extractHelp, parseExtractArgs, redact } from './extraction/extract-options.js';
import {
  type CopyReport,
  copySchema,
  dropIfIdentical,
  ExtractError,
  sameDigest,
  type TableDigest,
  unfence,
} from './extraction/schema-copy.js';

/**
 * `npm run extract -- <module> --to <url> | --back | --drop-source`: moves a
 * module's data to a database of its own (micro) and back, verified table by
 * table. See `--help` and docs/extraction/micro-copy.md.
 */

/** Every connection string seen, so that no error message can print a password. */
const secrets: string[] = [];
/** Our own sessions carry this name, so the same-database check can find them from the other side. */
const SESSION_NAME = `tessera-extract-${randomBytes(6).toString('hex')}`;
const OTHER_SESSIONS_GRACE_MS = 5_000;

async function extract(argv: readonly string[]): Promise<void> {
  const modules = TESSERA_MODULES.map((module) => module.name);
  const options = parseExtractArgs(argv);
  if (options.mode === 'help') {
    process.stdout.write(extractHelp(modules));
    return;
  }
  const module = TESSERA_MODULES.find((candidate) => candidate.name === options.module);
  if (!module) throw new ExtractError(`unknown module "${options.module}": choose one of ${modules.join(', ')}`);
  const config = loadConfig(process.env, { modules: TESSERA_MODULES.map((module) => module.name) });
  for (const url of [
    config.database.url,
    ...Object.values(config.database.moduleUrls),
    options.mode === 'to' ? options.to : undefined,
  ]) {
    if (url) secrets.push(url);
  }
  const logger = createLogger(config.log.level === 'silent' ? 'silent' : 'warn');
  const schema = module.database.schema;
  const ownUrl = config.database.moduleUrls[schema];
  const variable = `${schema.toUpperCase()}_DATABASE_URL`;

  if (options.mode === 'to') {
    const server = ownUrl ? undefined : await startDatabaseServer(config, logger, [schema]);
    try {
      const source = ownUrl ?? server!.adminUrl;
      const report = await copyModule(module, config, logger, { source, target: options.to, force: options.force });
      printSwitchOver(report, variable, options.showSecrets ? options.to : maskUrl(options.to));
    } finally {
      await server?.stop();
    }
  } else if (options.mode === 'back') {
    if (!ownUrl)
      throw new ExtractError(
        `--back copies ${schema} from its own database: set ${variable} to it (the URL extract printed)`,
      );
    const server = await startDatabaseServer(config, logger);
    try {
      const report = await copyModule(module, config, logger, {
        source: ownUrl,
        target: server!.adminUrl,
        force: options.force,
      });
      printSwitchBack(report, variable, describeShared(server!, options.showSecrets));
    } finally {
      await server?.stop();
    }
  } else {
    if (!ownUrl)
      throw new ExtractError(
        `--drop-source needs ${variable}: the module's own database, which must hold the same data`,
      );
    const server = await startDatabaseServer(config, logger);
    try {
      await dropSource(schema, server!.adminUrl, ownUrl, describeShared(server!, false));
    } finally {
      await server?.stop();
    }
  }
}

async function copyModule(
  module: TesseraModule,
  config: AppConfig,
  logger: Logger,
  urls: { source: string; target: string; force: boolean },
): Promise<CopyReport> {
  const schema = module.database.schema;
  const role = moduleRole(schema, urls.source).name;
  // The source session is opened before the target is provisioned: on a shared
  // cluster provisioning resets the module role's password to the target's.
  const source = await connectAsModule(schema, urls.source, 'source');
  try {
    await assertDifferentDatabase(source, urls.target, 'target');
    // Only the copy the module lives in may be copied, --force or not: one it was moved away from is stale.
    const sourceMoved = await withOwner(urls.source, 'source', (owner) => movedTo(owner, role));
    if (sourceMoved !== undefined) {
      throw new ExtractError(
        `the ${schema} data in the source database is a stale copy: ${schema} was moved from it (${sourceMoved}); copy from the database it lives in now`,
      );
    }
    await assertNoOtherSessions(source, schema, 'source');
    // Checked before anything is provisioned there: a --to that points at a live database must leave it as it was.
    await withOwner(urls.target, 'target', (owner) => assertModuleNotRunning(owner, schema, role));
    // A database the module was moved away from holds its stale, fenced copy: replacing that is the point.
    const targetMoved = await withOwner(urls.target, 'target', (owner) => movedTo(owner, role));
    const dataSource = await openModuleDatabase(
      module.database,
      singleServerRuntime(urls.target, {
        poolSize: 2,
        statementTimeoutMs: config.database.statementTimeoutMs,
        migrateOnStart: true,
      }),
      logger,
      { migrate: true, allowMoved: targetMoved !== undefined },
    );
    await dataSource.destroy();
    const target = await connectAsModule(schema, urls.target, 'target');
    try {
      await assertNoOtherSessions(target, schema, 'target');
      if (targetMoved !== undefined) await unfence(target, schema);
      const report = await copySchema({ schema, source, target, force: urls.force || targetMoved !== undefined });
      if (report.committed) {
        await withOwner(urls.source, 'source', (owner) =>
          markMoved(owner, role, `to ${maskUrl(urls.target)} at ${new Date().toISOString()}`),
        );
        if (targetMoved !== undefined) await withOwner(urls.target, 'target', (owner) => clearMoved(owner, role));
      }
      return report;
    } finally {
      await target.end();
    }
  } finally {
    await source.end();
  }
}

/** A short session as the owner connection of one side, closed whatever `work` does. */
async function withOwner<T>(adminUrl: string, side: string, work: (owner: Client) => Promise<T>): Promise<T> {
  const owner = new Client({ connectionString: adminUrl, application_name: SESSION_NAME });
  try {
    await owner.connect();
  } catch (error) {
    throw new ExtractError(
      `cannot connect to the ${side} database ${maskUrl(adminUrl)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return await work(owner);
  } finally {
    await owner.end();
  }
}

async function dropSource(schema: string, sharedUrl: string, ownUrl: string, sharedLabel: string): Promise<void> {
  const old = await connectAsModule(schema, sharedUrl, 'shared');
  try {
    await assertNoOtherSessions(old, schema, 'shared');
    await assertDifferentDatabase(old, ownUrl, 'own');
    const current = await connectAsModule(schema, ownUrl, 'own');
    try {
      await assertNoOtherSessions(current, schema, 'own');
      const report = await dropIfIdentical(schema, old, current);
      for (const row of report.tables) {
        process.stdout.write(
          sameDigest(row.left, row.right)
            ? `${row.table}: ${digestText(row.left)} ✓ same in both\n`
            : `${row.table}: ${digestText(row.left)} ✗ own database has ${digestText(row.right)}\n`,
        );
      }
      if (!report.dropped) {
        throw new ExtractError(
          `the ${schema} schema in the shared database differs from ${schema.toUpperCase()}_DATABASE_URL; nothing was dropped. ` +
            `It is only dropped while both are identical (module stopped, right after extract or --back)`,
        );
      }
      process.stdout.write(
        `Dropped the ${schema} schema from the shared database ${sharedLabel}; ${schema} now lives only in its own database.\n`,
      );
    } finally {
      await current.end();
    }
  } finally {
    await old.end();
  }
}

function printSwitchOver(report: CopyReport, variable: string, url: string): void {
  const totals = printTables(report);
  const { schema } = report;
  process.stdout.write(
    `Copied and verified ${schema} (${totals.tables} tables, ${totals.rows} rows).\n` +
      `To run ${schema} on its own database, give the process that hosts ${schema} (every process started without MODULES, or with ${schema} in MODULES):\n` +
      `  ${variable}=${url}\n` +
      `and restart it. Other processes need no change.\n` +
      `The ${schema} schema in the old database is kept but fenced: ${schema}'s role can no longer write it, and a process that would host ${schema} there refuses to start.\n` +
      `Go back with \`npm run extract -- ${schema} --back\`, which copies the new database over the old schema.\n` +
      `Drop the old schema with \`npm run extract -- ${schema} --drop-source\` (with ${variable} set; refused unless both hold the same data).\n`,
  );
}

function printSwitchBack(report: CopyReport, variable: string, shared: string): void {
  const totals = printTables(report);
  const { schema } = report;
  process.stdout.write(
    `Copied and verified ${schema} (${totals.tables} tables, ${totals.rows} rows) back into the shared database ${shared}.\n` +
      `To run ${schema} on the shared database again, remove ${variable} from the environment of every process that has it\n` +
      `and restart them. The module's own database is kept but fenced, as the shared one was; delete it once you no longer need it.\n`,
  );
}

/** One line per table; throws when any table did not verify. */
function printTables(report: CopyReport): { tables: number; rows: number } {
  const mismatched: string[] = [];
  for (const row of report.tables) {
    const copied = sameDigest(row.source, row.target);
    process.stdout.write(
      `${row.table}: ${digestText(row.source)} ${copied ? '✓' : `✗ target has ${digestText(row.target)}`}\n`,
    );
    if (!copied) mismatched.push(row.table);
  }
  if (mismatched.length > 0 || !report.committed) {
    throw new ExtractError(
      `${mismatched.join(', ')} did not verify (row count or checksum differ); nothing was committed to the target`,
    );
  }
  return { tables: report.tables.length, rows: report.tables.reduce((sum, row) => sum + row.source.rows, 0) };
}

function digestText(digest: TableDigest): string {
  return `${digest.rows} ${digest.rows === 1 ? 'row' : 'rows'}, checksum ${digest.checksum}`;
}

function describeShared(server: DatabaseServer, showSecrets: boolean): string {
  const url = showSecrets ? server.adminUrl : maskUrl(server.adminUrl);
  return server.kind === 'embedded' ? `(embedded, ${url})` : `(DATABASE_URL=${url})`;
}

/** A session as the module's own role, which owns every object of its schema. */
async function connectAsModule(schema: string, adminUrl: string, side: string): Promise<Client> {
  await withOwner(adminUrl, side, async (owner) => {
    const found = await owner.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (found.rowCount === 0)
      throw new ExtractError(`the ${side} database ${maskUrl(adminUrl)} has no ${schema} schema`);
  });
  const client = new Client({
    connectionString: moduleConnectionUrl(schema, adminUrl),
    application_name: SESSION_NAME,
  });
  try {
    await client.connect();
  } catch (error) {
    throw new ExtractError(
      `cannot connect to the ${side} database as the ${schema} module's role: ${error instanceof Error ? error.message : String(error)} ` +
        `(is ${maskUrl(adminUrl)} the owner connection the module was provisioned with?)`,
    );
  }
  return client;
}

/**
 * The module's own pools connect as its role; while any such session is open
 * on a side, the module is running there and could write during the copy.
 * Sessions of a process that just stopped may take a moment to end.
 */
async function assertNoOtherSessions(client: Client, schema: string, side: string): Promise<void> {
  const deadline = Date.now() + OTHER_SESSIONS_GRACE_MS;
  for (;;) {
    const { sessions, names } = await moduleSessions(client, null);
    if (sessions === 0) return;
    if (Date.now() > deadline) {
      throw new ExtractError(
        `the ${schema} module is still connected to the ${side} database (${sessions} sessions of ${names}): ` +
          `stop the process that hosts ${schema}, so nothing writes during the copy`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Seen from the owner connection, before the module's role is touched: no session of the module on that database. */
async function assertModuleNotRunning(owner: Client, schema: string, role: string): Promise<void> {
  const { sessions, names } = await moduleSessions(owner, role);
  if (sessions > 0) {
    throw new ExtractError(
      `the ${schema} module is running on the target database (${sessions} sessions of ${names}): ` +
        `--to must name a database of its own for ${schema}, not one it already runs on; nothing was changed there`,
    );
  }
}

/** Sessions of `role` (null: the session's own role) on the session's database, ours excepted. */
async function moduleSessions(client: Client, role: string | null): Promise<{ sessions: number; names: string }> {
  const result = await client.query<{ sessions: string; names: string | null }>(
    `SELECT count(*) AS sessions, string_agg(DISTINCT application_name, ', ') AS names
       FROM pg_stat_activity
      WHERE usename = coalesce($1::name, current_user) AND datname = current_database() AND pid <> pg_backend_pid() AND application_name <> $2`,
    [role, SESSION_NAME],
  );
  return { sessions: Number(result.rows[0].sessions), names: result.rows[0].names || 'unnamed clients' };
}

/** Copying a database onto itself would empty it: find our own session from the other URL. */
async function assertDifferentDatabase(client: Client, otherAdminUrl: string, side: string): Promise<void> {
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  await withOwner(otherAdminUrl, side, async (other) => {
    const same = await other.query(
      'SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND application_name = $2 AND datname = current_database()',
      [pid, SESSION_NAME],
    );
    if ((same.rowCount ?? 0) > 0)
      throw new ExtractError(
        `${maskUrl(otherAdminUrl)} is the database the module already uses: give a different database`,
      );
  });
}

extract(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems)
      process.stderr.write(`tessera: invalid configuration: ${redact(problem, secrets)}\n`);
    process.exit(78);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`tessera: extract failed: ${redact(message.replace(/\s*\n\s*/g, ' '), secrets)}\n`);
  process.exit(1);
});
