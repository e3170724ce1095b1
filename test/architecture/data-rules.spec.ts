import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import pino from 'pino';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REGISTRY_FILE, registryText } from '../../scripts/modules/registry.mjs';
import { TESSERA_MODULES } from '../../src/module-registry.js';
import {
  type DatabaseRuntime,
  type ModuleDatabaseDefinition,
  moduleConnectionUrl,
  moduleRole,
  openModuleDatabase,
  pgErrorCode,
  runModuleMigrations,
  singleServerRuntime,
} from '../../src/shared/database/index.js';
import { createTestDatabase, type TestDatabase, withClient } from '../support/test-database.js';
import { ROOT, runInProject } from './arch-tree.js';

/**
 * The data half of the boundaries (docs/architecture.md, "The data rules"), on a
 * fresh database migrated exactly as start-up does it: each module through
 * `openModuleDatabase` + `runModuleMigrations`, under its own role.
 */
const logger = pino({ level: 'silent' });
const MODULES = TESSERA_MODULES.map((module) => ({
  name: module.name,
  schema: module.database.schema,
  definition: module.database,
}));
const SCHEMAS = MODULES.map((module) => module.schema);
const PAIRS = MODULES.flatMap((module) =>
  MODULES.filter((other) => other !== module).map((other) => [module.name, other.name] as const),
);
const schemaOf = (name: string) => MODULES.find((module) => module.name === name)!.schema;
const INSUFFICIENT_PRIVILEGE = '42501';

/** Foreign keys from one module schema to another. */
const CROSSING_FOREIGN_KEYS = `
  SELECT c.conname AS object, src.nspname AS from_schema, dst.nspname AS to_schema
    FROM pg_constraint c
    JOIN pg_class sc ON sc.oid = c.conrelid JOIN pg_namespace src ON src.oid = sc.relnamespace
    JOIN pg_class dc ON dc.oid = c.confrelid JOIN pg_namespace dst ON dst.oid = dc.relnamespace
   WHERE c.contype = 'f' AND src.nspname = ANY($1) AND dst.nspname = ANY($1) AND src.nspname <> dst.nspname
   ORDER BY 1`;
/** Views (their rewrite rules, pg_rewrite) in one module schema over relations of another. */
const CROSSING_VIEWS = `
  SELECT DISTINCT v.oid::regclass::text AS object, vn.nspname AS from_schema, tn.nspname AS to_schema
    FROM pg_rewrite r
    JOIN pg_class v ON v.oid = r.ev_class JOIN pg_namespace vn ON vn.oid = v.relnamespace
    JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
    JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
   WHERE vn.nspname = ANY($1) AND tn.nspname = ANY($1) AND vn.nspname <> tn.nspname
   ORDER BY 1`;
/** Functions in one module schema whose body names another module schema, or that depend on its relations or types. */
const CROSSING_FUNCTIONS = `
  SELECT p.oid::regprocedure::text AS object, n.nspname AS from_schema, other AS to_schema
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    CROSS JOIN unnest($1::text[]) AS other
   WHERE n.nspname = ANY($1) AND other <> n.nspname AND p.prosrc ~* ('(^|[^a-z0-9_."])"?' || other || '"?\\s*\\.')
  UNION
  SELECT p.oid::regprocedure::text, n.nspname, tn.nspname
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
    JOIN pg_class t ON d.refclassid = 'pg_class'::regclass AND t.oid = d.refobjid
    JOIN pg_namespace tn ON tn.oid = t.relnamespace
   WHERE n.nspname = ANY($1) AND tn.nspname = ANY($1) AND tn.nspname <> n.nspname
   ORDER BY 1`;

interface Crossing {
  object: string;
  from_schema: string;
  to_schema: string;
}
const crossings = async (client: Client) => ({
  foreignKeys: (await client.query<Crossing>(CROSSING_FOREIGN_KEYS, [SCHEMAS])).rows,
  views: (await client.query<Crossing>(CROSSING_VIEWS, [SCHEMAS])).rows,
  functions: (await client.query<Crossing>(CROSSING_FUNCTIONS, [SCHEMAS])).rows,
});

describe('data rules (a real PostgreSQL)', () => {
  let database: TestDatabase;
  let runtime: DatabaseRuntime;
  const applied = new Map<string, string[]>();
  const tables = new Map<string, string[]>();

  const asModule = <T>(name: string, work: (client: Client) => Promise<T>) =>
    withClient(moduleConnectionUrl(schemaOf(name), database.url), work);
  const asOwner = <T>(work: (client: Client) => Promise<T>) => withClient(database.url, work);
  const errorCode = (promise: Promise<unknown>) =>
    promise.then(
      () => 'succeeded',
      (error: unknown) => pgErrorCode(error),
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    runtime = singleServerRuntime(database.url, { poolSize: 2, statementTimeoutMs: 15_000, migrateOnStart: true });
    for (const module of MODULES) {
      const dataSource = await openModuleDatabase(module.definition, runtime, logger, { migrate: false });
      try {
        applied.set(module.name, await runModuleMigrations(dataSource, module.definition, runtime, logger));
      } finally {
        await dataSource.destroy();
      }
    }
    await asOwner(async (client) => {
      for (const module of MODULES) {
        const { rows } = await client.query<{ name: string }>(
          'SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY 1',
          [module.schema],
        );
        tables.set(
          module.name,
          rows.map((row) => row.name),
        );
      }
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('the registry is generated from the module folders (`npm run modules:sync` rewrites it)', async () => {
    expect(readFileSync(join(ROOT, REGISTRY_FILE), 'utf8')).toBe(await registryText(ROOT));
    expect(MODULES.map(({ name, schema }) => ({ name, schema }))).toEqual(
      TESSERA_MODULES.map(({ definition }) => ({ name: definition.name, schema: definition.schema })),
    );
  });

  describe.each(MODULES.map((module) => [module.name, module] as const))('%s', (name, module) => {
    const role = () => moduleRole(module.schema, database.url).name;

    it('its migrations succeed on a fresh database, run under its own role, and are recorded in its own schema', async () => {
      const names = applied.get(name)!;
      expect(names.length).toBeGreaterThan(0);
      expect(names).toHaveLength((module.definition.migrations as unknown[]).length);
      const recorded = await asModule(name, (client) =>
        client.query<{ name: string }>(`SELECT name FROM ${module.schema}.migrations ORDER BY id`),
      );
      expect(recorded.rows.map((row) => row.name)).toEqual(names);
      await asOwner(async (client) => {
        const owned = await client.query<{ schema: string; owner: string; n: number }>(
          `SELECT n.nspname AS schema, pg_get_userbyid(c.relowner) AS owner, count(*)::int AS n
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE (n.nspname = $1 OR pg_get_userbyid(c.relowner) = $2) AND n.nspname !~ '^pg_toast' -- TOAST tables live apart
            GROUP BY 1, 2`,
          [module.schema, role()],
        );
        // Everything in the schema belongs to the module role, and the role owns nothing elsewhere.
        expect(owned.rows.map(({ schema, owner }) => ({ schema, owner }))).toEqual([
          { schema: module.schema, owner: role() },
        ]);
        const functionsElsewhere = await client.query(
          `SELECT 1 FROM pg_proc WHERE pg_get_userbyid(proowner) = $1 AND pronamespace <> $2::regnamespace`,
          [role(), module.schema],
        );
        expect(functionsElsewhere.rowCount).toBe(0);
      });
    });

    it.each(['a view over', 'a foreign key to'])(
      "a migration adding %s another module's table fails under its role",
      async (kind) => {
        const other = MODULES.find((candidate) => candidate !== module)!;
        const table = `${other.schema}.${tables.get(other.name)![0]}`;
        const statement =
          kind === 'a view over'
            ? `CREATE VIEW ${module.schema}.arch_probe AS SELECT * FROM ${table}`
            : `CREATE TABLE ${module.schema}.arch_probe (ref uuid REFERENCES ${table})`;
        class ArchProbe9999999999999 implements MigrationInterface {
          name = 'ArchProbe9999999999999';
          async up(db: QueryRunner): Promise<void> {
            await db.query(statement);
          }
          async down(): Promise<void> {}
        }
        const rogue: ModuleDatabaseDefinition = { ...module.definition, migrations: [ArchProbe9999999999999] };
        const dataSource = await openModuleDatabase(rogue, runtime, logger, { migrate: false });
        const log = console.log; // TypeORM prints the failed migration with console.log
        console.log = () => undefined;
        try {
          expect(await errorCode(runModuleMigrations(dataSource, rogue, runtime, logger))).toBe(INSUFFICIENT_PRIVILEGE);
        } finally {
          console.log = log;
          await dataSource.destroy();
        }
        const left = await asModule(name, (client) =>
          client.query(
            `SELECT to_regclass($1) AS probe, (SELECT count(*)::int FROM ${module.schema}.migrations WHERE name = $2) AS recorded`,
            [`${module.schema}.arch_probe`, 'ArchProbe9999999999999'],
          ),
        );
        expect(left.rows).toEqual([{ probe: null, recorded: 0 }]);
      },
    );

    it('its role reads and writes its own schema', async () => {
      await asModule(name, async (client) => {
        await client.query('BEGIN');
        try {
          await client.query(`CREATE TABLE ${module.schema}.arch_probe (id int PRIMARY KEY, note text)`);
          await client.query(`INSERT INTO ${module.schema}.arch_probe VALUES (1, 'written')`);
          await client.query(`UPDATE ${module.schema}.arch_probe SET note = 'updated' WHERE id = 1`);
          expect((await client.query(`SELECT note FROM ${module.schema}.arch_probe`)).rows).toEqual([
            { note: 'updated' },
          ]);
          await client.query(`DELETE FROM ${module.schema}.arch_probe`);
          for (const table of tables.get(name)!) await client.query(`SELECT count(*) FROM ${module.schema}.${table}`);
        } finally {
          await client.query('ROLLBACK');
        }
      });
    });
  });

  it.each(PAIRS)(
    'the %s role is refused on every table of %s: reading, writing, creating, viewing',
    async (name, otherName) => {
      const own = schemaOf(name);
      const other = schemaOf(otherName);
      const otherTables = tables.get(otherName)!;
      expect(otherTables.length).toBeGreaterThan(0);
      await asModule(name, async (client) => {
        const privileges = await client.query(
          `SELECT has_schema_privilege($1, 'USAGE') AS usage, has_schema_privilege($1, 'CREATE') AS create`,
          [other],
        );
        expect(privileges.rows).toEqual([{ usage: false, create: false }]);
        for (const table of otherTables) {
          const qualified = `${other}.${table}`;
          expect({ table, read: await errorCode(client.query(`SELECT * FROM ${qualified} LIMIT 1`)) }).toEqual({
            table,
            read: INSUFFICIENT_PRIVILEGE,
          });
          expect({ table, insert: await errorCode(client.query(`INSERT INTO ${qualified} DEFAULT VALUES`)) }).toEqual({
            table,
            insert: INSUFFICIENT_PRIVILEGE,
          });
          expect({ table, delete: await errorCode(client.query(`DELETE FROM ${qualified}`)) }).toEqual({
            table,
            delete: INSUFFICIENT_PRIVILEGE,
          });
          expect({
            table,
            view: await errorCode(client.query(`CREATE VIEW ${own}.arch_probe AS SELECT * FROM ${qualified}`)),
          }).toEqual({ table, view: INSUFFICIENT_PRIVILEGE });
        }
        expect(await errorCode(client.query(`CREATE TABLE ${other}.arch_intruder (id int)`))).toBe(
          INSUFFICIENT_PRIVILEGE,
        );
      });
    },
  );

  it("no foreign key, view or function in one module's schema references another module's schema", async () => {
    expect(await asOwner(crossings)).toEqual({ foreignKeys: [], views: [], functions: [] });
    // …and there is something to look at: the schemas hold keys of their own. They hold no functions
    // since the outbox NOTIFY trigger went; the planted test below proves functions are inspected.
    const own = await asOwner((client) =>
      client.query<{ keys: number }>(
        `SELECT count(*)::int AS keys FROM pg_constraint WHERE contype = 'f' AND connamespace::regnamespace::text = ANY($1)`,
        [SCHEMAS],
      ),
    );
    expect(own.rows[0].keys).toBeGreaterThan(0);
  });

  it('those catalog queries do find a foreign key, a view and a function that cross schemas', async () => {
    const [from, to] = SCHEMAS as [string, string];
    await asOwner(async (client) => {
      await client.query('BEGIN');
      try {
        await plantCrossings(client, from, to);
        expect(await crossings(client)).toEqual({
          foreignKeys: [{ object: 'arch_probe_fk', from_schema: from, to_schema: to }],
          views: [{ object: `${from}.arch_probe_view`, from_schema: from, to_schema: to }],
          functions: [{ object: `${from}.arch_probe_fn()`, from_schema: from, to_schema: to }],
        });
      } finally {
        await client.query('ROLLBACK');
      }
    });
  });

  it('npm run arch:report -- --database cross-checks the database the same way', async () => {
    const clean = await runInProject('report', '--json', '--database', database.url);
    expect(clean.code).toBe(0);
    const [from, to] = SCHEMAS as [string, string];
    await asOwner((client) => plantCrossings(client, from, to));
    try {
      const crossed = await runInProject('report', '--json', '--database', database.url);
      expect(crossed.code).toBe(1);
      const report = (
        JSON.parse(crossed.stdout) as {
          modules: { schema: string; crossSchemaReferences: { database?: boolean; schema: string; sql: string }[] }[];
        }
      ).modules;
      const found = report
        .find((module) => module.schema === from)!
        .crossSchemaReferences.filter((reference) => reference.database);
      expect(found.map((reference) => reference.schema)).toEqual(expect.arrayContaining([to]));
      const text = found.map((reference) => reference.sql).join('\n');
      expect(text).toContain('arch_probe_fk');
      expect(text).toContain(`view ${from}.arch_probe_view`);
      expect(text).toContain(`function ${from}.arch_probe_fn()`);
    } finally {
      await asOwner((client) =>
        client.query(
          `DROP FUNCTION ${from}.arch_probe_fn(); DROP VIEW ${from}.arch_probe_view; DROP TABLE ${from}.arch_probe_ref; DROP TABLE ${to}.arch_probe_target`,
        ),
      );
    }
  });
});

/** As the owner (who may): a key, a view and a function in `from` that all reach into `to`. */
async function plantCrossings(client: Client, from: string, to: string): Promise<void> {
  await client.query(`CREATE TABLE ${to}.arch_probe_target (id int PRIMARY KEY)`);
  await client.query(
    `CREATE TABLE ${from}.arch_probe_ref (target_id int CONSTRAINT arch_probe_fk REFERENCES ${to}.arch_probe_target (id))`,
  );
  await client.query(`CREATE VIEW ${from}.arch_probe_view AS SELECT id FROM ${to}.arch_probe_target`);
  await client.query(
    `CREATE FUNCTION ${from}.arch_probe_fn() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM ${to}.arch_probe_target $$`,
  );
}
