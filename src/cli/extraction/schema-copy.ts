import type { Client } from 'pg';
import { PgErrorCode, pgErrorCode } from '../../shared/database/errors/pg-errors.js';

/**
 * Copies one module's schema, rows and all, from one PostgreSQL database to
 * another and proves the copy identical. Used by `npm run extract` (micro
 * stage); both clients are connected as the module's own role, which owns
 * every table of the schema and nothing else.
 *
 * Design:
 * - The source is read in one REPEATABLE READ transaction that first locks the
 *   module's tables in SHARE mode: a write still in flight is waited for (and
 *   copied), a write that comes during the copy waits, and every table comes
 *   from the same snapshot (an order and the stock reservation made for it
 *   cannot be copied from two different moments).
 * - The target is written in one transaction, verified inside it (row count and
 *   checksum per table against the snapshot), and committed only when every
 *   table matches. Then, still holding the lock, the source is fenced: the
 *   module's role loses the right to write its old tables, so a write that was
 *   waiting (or a process still configured for the old database) fails loudly
 *   instead of landing in a copy nobody reads any more.
 * - Rows travel as batched INSERTs, not COPY: `pg` has no COPY streaming of its
 *   own and pg-copy-streams would be a new production dependency for one
 *   command. Each value is read with its type's text output (what COPY's text
 *   format carries too) and parsed back on the target by the same type's input
 *   (`$n::text[]` unnested and cast), so no value goes through a JavaScript
 *   type; `OVERRIDING SYSTEM VALUE` keeps identity columns' values. A cursor
 *   fetches BATCH_ROWS rows at a time, in primary-key order, so memory stays
 *   flat whatever the table's size.
 * - Both sessions use the same output settings (UTC, ISO dates, exact floats,
 *   hex bytea), so text forms and checksums are comparable across servers; text
 *   ordering uses the "C" collation, which every server sorts alike.
 */

export const BATCH_ROWS = 1_000;

/** A failure the operator can act on; its message is printed as is. */
export class ExtractError extends Error {}

export interface ColumnShape {
  readonly name: string;
  /** `format_type()`: e.g. `timestamp with time zone`, `numeric(10,2)`. */
  readonly type: string;
  /** GENERATED ALWAYS AS (…) STORED: computed by the target, never written. */
  readonly generated: boolean;
  readonly collatable: boolean;
  /** The sequence behind a serial or identity column. */
  readonly sequence: string | null;
}

export interface TableShape {
  readonly name: string;
  /** In column order. */
  readonly columns: readonly ColumnShape[];
  readonly primaryKey: readonly string[];
  /** Tables of the same schema this one has foreign keys to (copied first). */
  readonly references: readonly string[];
  readonly hasUserTriggers: boolean;
}

export interface TableDigest {
  readonly rows: number;
  /** md5 over the md5 of every row's text form, in primary-key order. */
  readonly checksum: string;
}

export interface TableReport {
  /** `schema.table` */
  readonly table: string;
  /** In the source snapshot the copy was made from. */
  readonly source: TableDigest;
  /** In the target, after the copy (before commit). */
  readonly target: TableDigest;
}

export interface CopyReport {
  readonly schema: string;
  readonly tables: readonly TableReport[];
  /** True when every table matched: the target transaction committed and the source was fenced. */
  readonly committed: boolean;
}

export interface CopyOptions {
  readonly schema: string;
  /** Connected to the module's current database as the module's role. */
  readonly source: Client;
  /** Connected to the database the module moves to, as the module's role; schema migrated. */
  readonly target: Client;
  /** Replace rows the target schema already holds instead of refusing. */
  readonly force: boolean;
  /** How long to wait for writes in flight on the source before giving up. */
  readonly lockTimeoutMs?: number;
  /** For tests: runs while the source is locked and copied, before the target commits. */
  readonly duringCopy?: () => Promise<void>;
}

/** The settings that make text output identical on both sides. */
const SESSION_SETTINGS =
  "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; " +
  "SET extra_float_digits = 3; SET bytea_output = 'hex'; SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0";

export async function prepareSession(client: Client): Promise<void> {
  await client.query(SESSION_SETTINGS);
}

/** Copies every table of `schema` from source to target; see the file comment. */
export async function copySchema(options: CopyOptions): Promise<CopyReport> {
  const { schema, source, target } = options;
  await prepareSession(source);
  await prepareSession(target);
  await checkMigrations(schema, source, target);
  const shapes = await inspectSchema(target, schema);
  assertSameShape(schema, await inspectSchema(source, schema), shapes);
  const ordered = copyOrder(shapes);

  await target.query('BEGIN');
  await source.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  let committed = false;
  try {
    await target.query(
      `LOCK TABLE ${ordered.map((table) => qualified(target, schema, table.name)).join(', ')} IN ACCESS EXCLUSIVE MODE`,
    );
    await refuseOrClear(target, schema, ordered, options.force);
    for (const table of ordered) {
      if (table.hasUserTriggers)
        await target.query(`ALTER TABLE ${qualified(target, schema, table.name)} DISABLE TRIGGER USER`);
    }

    // Before anything is read, so the snapshot is taken with every writer finished and none let in.
    await source.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(options.lockTimeoutMs ?? 15_000))}`);
    try {
      await source.query(
        `LOCK TABLE ${ordered.map((table) => qualified(source, schema, table.name)).join(', ')} IN SHARE MODE`,
      );
    } catch (error) {
      if (pgErrorCode(error) !== PgErrorCode.lockNotAvailable) throw error;
      throw new ExtractError(
        `a transaction still writes to ${schema} on the source (waited ${options.lockTimeoutMs ?? 15_000} ms for it): stop the module and run the command again`,
      );
    }
    const snapshot = new Map<string, TableDigest>();
    for (const table of ordered) {
      snapshot.set(table.name, await digestTable(source, schema, table));
      await copyRows(source, target, schema, table);
    }
    await restoreSequences(target, schema, ordered, await readSequences(source, ordered));
    await options.duringCopy?.();

    const tables: TableReport[] = [];
    for (const table of [...ordered].sort((a, b) => a.name.localeCompare(b.name))) {
      tables.push({
        table: `${schema}.${table.name}`,
        source: snapshot.get(table.name)!,
        target: await digestTable(target, schema, table),
      });
    }
    if (!tables.every((report) => sameDigest(report.source, report.target))) {
      await target.query('ROLLBACK');
      await source.query('ROLLBACK');
      return { schema, tables, committed: false };
    }
    for (const table of ordered) {
      if (table.hasUserTriggers)
        await target.query(`ALTER TABLE ${qualified(target, schema, table.name)} ENABLE TRIGGER USER`);
    }
    await target.query('COMMIT');
    committed = true;
    await source.query(
      `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA ${source.escapeIdentifier(schema)} FROM CURRENT_USER`,
    );
    await source.query('COMMIT');
    return { schema, tables, committed };
  } catch (error) {
    if (!committed) await target.query('ROLLBACK').catch(() => undefined);
    await source.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Gives the module's role back the right to write its tables (the schema it returns to, or is copied into again). */
export async function unfence(client: Client, schema: string): Promise<void> {
  await client.query(
    `GRANT INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA ${client.escapeIdentifier(schema)} TO CURRENT_USER`,
  );
}

export interface CompareReport {
  readonly tables: readonly { readonly table: string; readonly left: TableDigest; readonly right: TableDigest }[];
  readonly identical: boolean;
}

export function sameDigest(a: TableDigest, b: TableDigest): boolean {
  return a.rows === b.rows && a.checksum === b.checksum;
}

/** The tables, columns, keys and triggers of one schema, read from the catalogue. */
export async function inspectSchema(client: Client, schema: string): Promise<TableShape[]> {
  const columns = await client.query<{
    table: string;
    column: string;
    type: string;
    generated: boolean;
    collatable: boolean;
    sequence: string | null;
  }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attgenerated <> '' AS generated, a.attcollation <> 0 AS collatable,
            pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS sequence
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  const keys = await client.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE n.nspname = $1 AND i.indisprimary
      ORDER BY c.relname, k.position`,
    [schema],
  );
  const references = await client.query<{ table: string; referenced: string }>(
    `SELECT DISTINCT child.relname AS table, parent.relname AS referenced
       FROM pg_constraint k
       JOIN pg_class child ON child.oid = k.conrelid
       JOIN pg_class parent ON parent.oid = k.confrelid
       JOIN pg_namespace cn ON cn.oid = child.relnamespace
       JOIN pg_namespace pn ON pn.oid = parent.relnamespace
      WHERE k.contype = 'f' AND cn.nspname = $1 AND pn.nspname = $1 AND child.oid <> parent.oid`,
    [schema],
  );
  const triggers = await client.query<{ table: string }>(
    `SELECT DISTINCT c.relname AS table
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND NOT t.tgisinternal`,
    [schema],
  );
  const tables = new Map<
    string,
    { columns: ColumnShape[]; primaryKey: string[]; references: string[]; hasUserTriggers: boolean }
  >();
  for (const row of columns.rows) {
    const table = tables.get(row.table) ?? { columns: [], primaryKey: [], references: [], hasUserTriggers: false };
    table.columns.push({
      name: row.column,
      type: row.type,
      generated: row.generated,
      collatable: row.collatable,
      sequence: row.sequence,
    });
    tables.set(row.table, table);
  }
  for (const row of keys.rows) tables.get(row.table)?.primaryKey.push(row.column);
  for (const row of references.rows) tables.get(row.table)?.references.push(row.referenced);
  for (const row of triggers.rows) {
    const table = tables.get(row.table);
    if (table) table.hasUserTriggers = true;
  }
  return [...tables.entries()].map(([name, table]) => ({ name, ...table }));
}

/** Parents before children (foreign keys are checked row by row), otherwise by name. */
export function copyOrder(tables: readonly TableShape[]): TableShape[] {
  const remaining = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  const done = new Set<string>();
  const ordered: TableShape[] = [];
  while (remaining.length > 0) {
    const index = remaining.findIndex((table) =>
      table.references.every((name) => done.has(name) || !remaining.some((other) => other.name === name)),
    );
    if (index < 0)
      throw new ExtractError(
        `foreign keys between ${remaining.map((table) => table.name).join(', ')} form a cycle; the copy cannot order them`,
      );
    const [next] = remaining.splice(index, 1);
    ordered.push(next);
    done.add(next.name);
  }
  return ordered;
}

function assertSameShape(schema: string, source: readonly TableShape[], target: readonly TableShape[]): void {
  const describe = (tables: readonly TableShape[]) =>
    new Map(
      tables.map((table) => [
        table.name,
        table.columns
          .map((column) => `${column.name} ${column.type}${column.generated ? ' generated' : ''}`)
          .join(', '),
      ]),
    );
  const left = describe(source);
  const right = describe(target);
  const problems: string[] = [];
  for (const [name, columns] of left) {
    if (!right.has(name)) problems.push(`${schema}.${name} exists only on the source`);
    else if (right.get(name) !== columns)
      problems.push(`${schema}.${name} has columns (${columns}) on the source but (${right.get(name)}) on the target`);
  }
  for (const name of right.keys()) if (!left.has(name)) problems.push(`${schema}.${name} exists only on the target`);
  if (problems.length > 0)
    throw new ExtractError(`the ${schema} schema differs between source and target: ${problems.join('; ')}`);
}

/**
 * The target's migrations table is filled by running this build's migrations;
 * the source's must list exactly the same ones, or the schemas differ. The rows
 * are then copied like any other table's (so ids and checksums match too).
 */
async function checkMigrations(schema: string, source: Client, target: Client): Promise<void> {
  const read = async (client: Client) => {
    const exists = await client.query(
      `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'migrations'`,
      [schema],
    );
    if (exists.rowCount === 0) return undefined;
    const rows = await client.query<{ name: string }>(
      `SELECT name FROM ${qualified(client, schema, 'migrations')} ORDER BY timestamp, name`,
    );
    return rows.rows.map((row) => row.name);
  };
  const sourceMigrations = await read(source);
  const targetMigrations = (await read(target)) ?? [];
  if (sourceMigrations === undefined || sourceMigrations.length === 0) {
    throw new ExtractError(
      `the source database has no migrated ${schema} schema: is it the module's current database?`,
    );
  }
  const missing = targetMigrations.filter((name) => !sourceMigrations.includes(name));
  const unknown = sourceMigrations.filter((name) => !targetMigrations.includes(name));
  if (unknown.length > 0) {
    throw new ExtractError(
      `the source ${schema} schema has migrations this build does not know (${unknown.join(', ')}): run extract from the build the module runs`,
    );
  }
  if (missing.length > 0) {
    throw new ExtractError(
      `the source ${schema} schema lacks migrations ${missing.join(', ')}: run \`npm run migrate\` against it first`,
    );
  }
}

/** Without --force the target's tables must be empty (its migrations rows aside); with it they are emptied. */
async function refuseOrClear(
  target: Client,
  schema: string,
  tables: readonly TableShape[],
  force: boolean,
): Promise<void> {
  const occupied: string[] = [];
  for (const table of tables) {
    if (table.name === 'migrations') continue;
    const count = await countRows(target, schema, table.name);
    if (count > 0) occupied.push(`${schema}.${table.name}: ${count} ${count === 1 ? 'row' : 'rows'}`);
  }
  if (occupied.length > 0 && !force) {
    throw new ExtractError(
      `the target ${schema} schema already holds rows (${occupied.join(', ')}); pass --force to replace them`,
    );
  }
  await target.query(`TRUNCATE ${tables.map((table) => qualified(target, schema, table.name)).join(', ')}`);
}

async function countRows(client: Client, schema: string, table: string): Promise<number> {
  const result = await client.query<{ count: string }>(
    `SELECT count(*) AS count FROM ${qualified(client, schema, table)}`,
  );
  return Number(result.rows[0].count);
}

/** Streams one table's rows in primary-key order into the target, BATCH_ROWS at a time. */
async function copyRows(source: Client, target: Client, schema: string, table: TableShape): Promise<void> {
  const written = table.columns.filter((column) => !column.generated);
  const cursor = source.escapeIdentifier(`tessera_extract_${table.name}`);
  const list = written.map((column) => source.escapeIdentifier(column.name));
  await source.query(
    `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${list.map((name) => `${name}::text`).join(', ')} FROM ${qualified(source, schema, table.name)} ORDER BY ${orderBy(source, table)}`,
  );
  const insert =
    `INSERT INTO ${qualified(target, schema, table.name)} (${list.join(', ')}) OVERRIDING SYSTEM VALUE ` +
    `SELECT ${written.map((column, index) => `v${index}::${column.type}`).join(', ')} ` +
    `FROM unnest(${written.map((_, index) => `$${index + 1}::text[]`).join(', ')}) AS u(${written.map((_, index) => `v${index}`).join(', ')})`;
  for (;;) {
    const batch = await source.query<unknown[]>({ text: `FETCH ${BATCH_ROWS} FROM ${cursor}`, rowMode: 'array' });
    if (batch.rows.length === 0) break;
    const values = written.map((_, index) => batch.rows.map((row) => row[index] as string | null));
    await target.query(insert, values);
    if (batch.rows.length < BATCH_ROWS) break;
  }
  await source.query(`CLOSE ${cursor}`);
}

async function digestAll(
  client: Client,
  schema: string,
  tables: readonly TableShape[],
): Promise<Map<string, TableDigest>> {
  const digests = new Map<string, TableDigest>();
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    for (const table of tables) digests.set(table.name, await digestTable(client, schema, table));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return digests;
}

/**
 * Count and checksum of one table: md5 of the concatenated md5 of each row's
 * text form (columns by name, generated ones included), in primary-key order.
 * Hashing each row first keeps the aggregate at 32 bytes a row.
 */
export async function digestTable(client: Client, schema: string, table: TableShape): Promise<TableDigest> {
  const row = `ROW(${[...table.columns]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((column) => client.escapeIdentifier(column.name))
    .join(', ')})::text`;
  const result = await client.query<{ rows: string; checksum: string }>(
    `SELECT count(*) AS rows, md5(coalesce(string_agg(md5(${row}), '' ORDER BY ${orderBy(client, table)}), '')) AS checksum FROM ${qualified(client, schema, table.name)}`,
  );
  return { rows: Number(result.rows[0].rows), checksum: result.rows[0].checksum };
}

/** Primary-key order, text compared byte-wise; a table without a key is ordered by its whole row. */
function orderBy(client: Client, table: TableShape): string {
  if (table.primaryKey.length === 0) {
    return `ROW(${table.columns.map((column) => client.escapeIdentifier(column.name)).join(', ')})::text COLLATE "C"`;
  }
  return table.primaryKey
    .map((name) => {
      const column = table.columns.find((candidate) => candidate.name === name);
      return `${client.escapeIdentifier(name)}${column?.collatable ? ' COLLATE "C"' : ''}`;
    })
    .join(', ');
}

interface SequenceState {
  readonly lastValue: bigint;
  readonly isCalled: boolean;
  readonly increment: bigint;
}

async function readSequences(source: Client, tables: readonly TableShape[]): Promise<Map<string, SequenceState>> {
  const states = new Map<string, SequenceState>();
  for (const table of tables) {
    for (const column of table.columns) {
      if (!column.sequence) continue;
      const state = await source.query<{ last_value: string; is_called: boolean; increment: string }>(
        `SELECT s.last_value::text AS last_value, s.is_called, (SELECT seqincrement::text FROM pg_sequence WHERE seqrelid = $1::regclass) AS increment FROM ${column.sequence} s`,
        [column.sequence],
      );
      const row = state.rows[0];
      states.set(`${table.name}.${column.name}`, {
        lastValue: BigInt(row.last_value),
        isCalled: row.is_called,
        increment: BigInt(row.increment),
      });
    }
  }
  return states;
}

/**
 * Serial and identity sequences continue after the copied rows, and never
 * below where the source's stood (numbers it gave out to rows deleted since,
 * e.g. outbox rows past retention, are not handed out again).
 */
async function restoreSequences(
  target: Client,
  schema: string,
  tables: readonly TableShape[],
  states: Map<string, SequenceState>,
): Promise<void> {
  for (const table of tables) {
    for (const column of table.columns) {
      const state = states.get(`${table.name}.${column.name}`);
      if (!column.sequence || !state) continue;
      let next = state.isCalled ? state.lastValue + state.increment : state.lastValue;
      if (state.increment > 0n) {
        const max = await target.query<{ max: string | null }>(
          `SELECT max(${target.escapeIdentifier(column.name)})::text AS max FROM ${qualified(target, schema, table.name)}`,
        );
        const highest = max.rows[0].max;
        if (highest !== null && BigInt(highest) + state.increment > next) next = BigInt(highest) + state.increment;
      }
      await target.query('SELECT setval($1::regclass, $2::bigint, false)', [column.sequence, next.toString()]);
    }
  }
}

function qualified(client: Client, schema: string, table: string): string {
  return `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(table)}`;
}

/**
 * `--drop-source`: drops `schema` from `old` only if it holds exactly what
 * `current` holds. The old side's tables are locked (nothing can write to them)
 * from the comparison until the drop commits.
 */
export async function dropIfIdentical(
  schema: string,
  old: Client,
  current: Client,
): Promise<CompareReport & { dropped: boolean }> {
  await prepareSession(old);
  await prepareSession(current);
  const shapes = await inspectSchema(old, schema);
  if (shapes.length === 0) throw new ExtractError(`the shared database has no ${schema} tables: nothing to drop`);
  assertSameShape(schema, shapes, await inspectSchema(current, schema));
  const ordered = [...shapes].sort((a, b) => a.name.localeCompare(b.name));
  await old.query('BEGIN');
  try {
    // The old side is fenced (extract revoked its writes, and LOCK needs them); undone with everything else when nothing is dropped.
    await unfence(old, schema);
    await old.query(
      `LOCK TABLE ${ordered.map((table) => qualified(old, schema, table.name)).join(', ')} IN ACCESS EXCLUSIVE MODE`,
    );
    const oldDigests = new Map<string, TableDigest>();
    for (const table of ordered) oldDigests.set(table.name, await digestTable(old, schema, table));
    const currentDigests = await digestAll(current, schema, ordered);
    const tables = ordered.map((table) => ({
      table: `${schema}.${table.name}`,
      left: oldDigests.get(table.name)!,
      right: currentDigests.get(table.name)!,
    }));
    const identical = tables.every((row) => sameDigest(row.left, row.right));
    if (identical) {
      await old.query(`DROP SCHEMA ${old.escapeIdentifier(schema)} CASCADE`);
      await old.query('COMMIT');
    } else {
      await old.query('ROLLBACK');
    }
    return { tables, identical, dropped: identical };
  } catch (error) {
    await old.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
