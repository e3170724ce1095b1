import { TESSERA_MODULES } from '../../src/module-registry.js';
import { moduleConnectionUrl, moduleRole } from '../../src/shared/database/module-database/module-role.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withClient } from '../support/test-database.js';

const MODULES = TESSERA_MODULES.map((module) => module.definition.schema);
/** One table per module that every test below reads and writes: every module has an outbox. */
const TABLE = Object.fromEntries(MODULES.map((schema) => [schema, `${schema}.outbox`]));

/**
 * Each module owns one schema, reached only through its own login role and
 * pool; the database itself refuses cross-module access.
 */
describe('data ownership', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  const asModule = <T>(module: string, work: Parameters<typeof withClient<T>>[1]) =>
    withClient(moduleConnectionUrl(module, app.database.url), work);

  it('the orders role gets "permission denied" on catalog.products', async () => {
    await expect(asModule('orders', (client) => client.query('SELECT * FROM catalog.products'))).rejects.toMatchObject({
      code: '42501',
      message: 'permission denied for schema catalog',
    });
  });

  it.each(
    MODULES.flatMap((module) => MODULES.filter((other) => other !== module).map((other) => [module, other] as const)),
  )('the %s role is refused reading and writing %s', async (module, other) => {
    await expect(
      asModule(module, (client) => client.query(`SELECT count(*) FROM ${TABLE[other]}`)),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(asModule(module, (client) => client.query(`DELETE FROM ${TABLE[other]}`))).rejects.toMatchObject({
      code: '42501',
    });
    await expect(
      asModule(module, (client) => client.query(`CREATE TABLE ${other}.intruder (id int)`)),
    ).rejects.toMatchObject({ code: '42501' });
  });

  it.each(MODULES)('the %s role reads and writes its own schema', async (module) => {
    await asModule(module, async (client) => {
      await client.query('BEGIN');
      await client.query(`CREATE TABLE ${module}.ownership_probe (id int)`);
      await client.query(`INSERT INTO ${module}.ownership_probe VALUES (1)`);
      expect((await client.query(`SELECT count(*)::int AS n FROM ${module}.ownership_probe`)).rows[0].n).toBe(1);
      // Its module's own tables too, not only what it just created.
      const updated = await client.query(`UPDATE ${TABLE[module]} SET id = id WHERE false`);
      expect(updated.command).toBe('UPDATE');
      await client.query('ROLLBACK');
    });
  });

  it('no module may create objects in the public schema', async () => {
    for (const module of MODULES) {
      await expect(
        asModule(module, (client) => client.query('CREATE TABLE public.intruder (id int)')),
      ).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('each schema is owned by its module role and holds its own migrations table', async () => {
    const owners = await withClient(app.database.url, (client) =>
      client.query<{ schema: string; owner: string }>(
        `SELECT n.nspname AS schema, pg_get_userbyid(n.nspowner) AS owner FROM pg_namespace n WHERE n.nspname = ANY($1) ORDER BY 1`,
        [MODULES],
      ),
    );
    expect(owners.rows).toEqual(
      [...MODULES].sort().map((schema) => ({ schema, owner: moduleRole(schema, app.database.url).name })),
    );
    for (const module of MODULES) {
      const applied = await asModule(module, (client) => client.query(`SELECT name FROM ${module}.migrations`));
      expect(applied.rowCount).toBeGreaterThan(0);
    }
  });

  it('no foreign key crosses schemas', async () => {
    const crossing = await withClient(app.database.url, (client) =>
      client.query(
        `SELECT c.conname, src.nspname AS from_schema, dst.nspname AS to_schema
           FROM pg_constraint c
           JOIN pg_class sc ON sc.oid = c.conrelid JOIN pg_namespace src ON src.oid = sc.relnamespace
           JOIN pg_class dc ON dc.oid = c.confrelid JOIN pg_namespace dst ON dst.oid = dc.relnamespace
          WHERE c.contype = 'f' AND src.nspname <> dst.nspname`,
      ),
    );
    expect(crossing.rows).toEqual([]);
    const withinModules = await withClient(app.database.url, (client) =>
      client.query(
        `SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f' AND connamespace::regnamespace::text = ANY($1)`,
        [MODULES],
      ),
    );
    expect(withinModules.rows[0].n).toBeGreaterThan(0); // the check would notice a cross-schema key: there are keys to look at
  });

  it('each module runs on its own pool under its own role, with no listener connection', async () => {
    expect((await app.http.get('/health')).status).toBe(200);
    const sessions = await withClient(app.database.url, (client) =>
      client.query<{ usename: string; application_name: string }>(
        `SELECT DISTINCT usename, application_name FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'tessera:%' ORDER BY 2`,
      ),
    );
    expect(sessions.rows).toEqual(
      [...MODULES].sort().map((schema) => ({
        usename: moduleRole(schema, app.database.url).name,
        application_name: `tessera:${schema}`,
      })),
    );
  });
});
