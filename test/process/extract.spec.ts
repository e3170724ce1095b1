import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { copySchema, unfence } from '../../src/cli/extraction/schema-copy.js';
import { TESSERA_MODULES } from '../../src/module-registry.js';
import { moduleConnectionUrl, openModuleDatabase, singleServerRuntime } from '../../src/shared/database/index.js';
import { eventually } from '../support/eventually.js';
import { expectStatus, shipmentOf, ShopActions } from '../support/shop-actions.js';
import { startTestApp } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase, withClient } from '../support/test-database.js';
import { type ExitResult, TesseraProcess } from '../support/tessera-process.js';

const CATALOG_TABLES = [
  'dead_letters',
  'inbox',
  'inbox_failures',
  'migrations',
  'outbox',
  'products',
  'stock_adjustments',
  'stock_reservations',
];

/** Every row of every table of `schema`, as text, per table: what "the same data" means here. */
async function schemaRows(url: string, schema: string): Promise<Record<string, string[]>> {
  return withClient(url, async (client) => {
    const tables = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
      [schema],
    );
    const rows: Record<string, string[]> = {};
    for (const { name } of tables.rows) {
      const result = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${schema}.${name} t ORDER BY 1`);
      rows[name] = result.rows.map((row) => row.row);
    }
    return rows;
  });
}

async function stockIn(url: string, productId: string): Promise<number> {
  return withClient(
    url,
    async (client) =>
      (await client.query<{ stock: number }>('SELECT stock FROM catalog.products WHERE id = $1', [productId])).rows[0]
        .stock,
  );
}

async function schemaExists(url: string, schema: string): Promise<boolean> {
  return withClient(
    url,
    async (client) =>
      ((await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount ?? 0) > 0,
  );
}

/** `npm run extract` against a micro target: copy, verify, switch over, and back. */
describe('npm run extract (micro)', () => {
  let shared: TestDatabase;
  let target: TestDatabase;
  let usersTarget: TestDatabase;
  let shippingTarget: TestDatabase;
  let scratch: string;
  const products: { id: string; stock: number }[] = [];

  const extract = (args: string[], env: Record<string, string | undefined> = {}): Promise<ExitResult> =>
    TesseraProcess.start(
      'cli/extract',
      {
        DATABASE_URL: shared.url,
        TESSERA_DATA_DIR: join(scratch, 'data'),
        LOG_LEVEL: 'warn',
        USERS_DATABASE_URL: undefined,
        CATALOG_DATABASE_URL: undefined,
        ORDERS_DATABASE_URL: undefined,
        SHIPPING_DATABASE_URL: undefined,
        ...env,
      },
      args,
    ).exit(90_000);

  beforeAll(async () => {
    [shared, target, usersTarget, shippingTarget] = await Promise.all([
      createTestDatabase(),
      createTestDatabase(),
      createTestDatabase(),
      createTestDatabase(),
    ]);
    scratch = await mkdtemp(join(tmpdir(), 'tessera-extract-'));
  });
  afterAll(async () => {
    await Promise.all([shared?.drop(), target?.drop(), usersTarget?.drop(), shippingTarget?.drop()]);
    await rm(scratch, { recursive: true, force: true });
  });

  it('refuses an unknown module, listing the valid ones', async () => {
    const result = await extract(['inventory', '--to', target.url]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `tessera: extract failed: unknown module "inventory": choose one of ${TESSERA_MODULES.map((module) => module.name)
        .sort()
        .join(', ')}`,
    );
  });

  it('documents in --help that writes must be stopped during the copy', async () => {
    const result = await extract(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('npm run extract -- <module> --to <postgres-url>');
    expect(result.stdout).toMatch(/Writes to the module MUST be stopped during the copy/);
  });

  it('refuses to copy while the module is running on the source', async () => {
    const app = await startTestApp({ DATABASE_URL: shared.url });
    try {
      const shop = new ShopActions(app.http);
      const admin = await shop.adminToken();
      const customer = await shop.registerCustomer();
      for (const stock of [5, 3]) products.push(await shop.createProduct(admin, { stock }));
      const placed = await app.http.post(
        '/api/orders',
        { lines: [{ productId: products[0].id, quantity: 2 }] },
        { token: customer.token },
      );
      expectStatus(placed, 202);
      await eventually(
        () =>
          app.http
            .get(`/api/orders/${placed.body.id}`, { token: customer.token })
            .then((response) => response.body.status as string),
        (status) => status === 'CONFIRMED',
      );
      await shipmentOf(app.http, admin, placed.body.id); // shipping has data to move too
      const refused = await extract(['catalog', '--to', target.url]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^tessera: extract failed: the catalog module is still connected to the source database .*stop the process that hosts catalog/m,
      );
    } finally {
      await app.close();
    }
  }, 120_000);

  it('copies catalog to its own database, verifies every table and prints the switch-over configuration', async () => {
    const result = await extract(['catalog', '--to', target.url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const table of CATALOG_TABLES)
      expect(result.stdout).toMatch(new RegExp(`^catalog\\.${table}: \\d+ rows?, checksum [0-9a-f]{32} ✓$`, 'm'));
    expect(result.stdout).toMatch(/^catalog\.products: 2 rows, checksum [0-9a-f]{32} ✓$/m);
    expect(result.stdout).toMatch(/^catalog\.stock_reservations: 1 row, checksum [0-9a-f]{32} ✓$/m);
    expect(result.stdout).toMatch(/^Copied and verified catalog \(8 tables, \d+ rows\)\.$/m);
    const masked = new URL(target.url);
    if (masked.password) masked.password = '***';
    expect(result.stdout).toContain(`\n  CATALOG_DATABASE_URL=${masked.toString()}\n`);
    const password = new URL(target.url).password;
    if (password) expect(result.stdout + result.stderr).not.toContain(password);
    expect(result.stdout).toContain('npm run extract -- catalog --back`');
    expect(result.stdout).toMatch(/kept but fenced/);

    const copied = await schemaRows(target.url, 'catalog');
    expect(Object.keys(copied).sort()).toEqual(CATALOG_TABLES);
    expect(copied).toEqual(await schemaRows(shared.url, 'catalog'));
    // The outbox's identity continues after the copied positions.
    const next = await withClient(target.url, async (client) => {
      const max = await client.query<{ max: string }>('SELECT max(position)::text AS max FROM catalog.outbox');
      const seq = await client.query<{ next: string }>(
        `SELECT nextval(pg_get_serial_sequence('catalog.outbox', 'position'))::text AS next`,
      );
      return { max: BigInt(max.rows[0].max), next: BigInt(seq.rows[0].next) };
    });
    expect(next.next).toBeGreaterThan(next.max);
  }, 120_000);

  it('fences the database catalog moved away from: no second copy from it (even with --force), no process hosting catalog there', async () => {
    for (const args of [
      ['catalog', '--to', target.url],
      ['catalog', '--to', target.url, '--force'],
    ]) {
      const again = await extract(args);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(
        /^tessera: extract failed: the catalog data in the source database is a stale copy: catalog was moved from it \(to .* at .*\)/m,
      );
    }
    const itself = await extract(['catalog', '--to', shared.url]);
    expect(itself.code).toBe(1);
    expect(itself.stderr).toMatch(/is the database the module already uses/);
    // A process configured for the old database refuses to start catalog there, and says how to fix it.
    const migrate = await TesseraProcess.start('cli/migrate', {
      DATABASE_URL: shared.url,
      TESSERA_DATA_DIR: join(scratch, 'data'),
      LOG_LEVEL: 'warn',
      MODULES: 'catalog',
    }).exit(60_000);
    expect(migrate.code).not.toBe(0);
    expect(migrate.stderr).toMatch(
      /the catalog module was moved out of this database by npm run extract .*CATALOG_DATABASE_URL/,
    );
    // Its role can still read the old rows, but no longer write them.
    const write = await withClient(moduleConnectionUrl('catalog', shared.url), (client) =>
      client.query('UPDATE catalog.products SET stock = stock + 1').then(
        () => 'written',
        (error: { code?: string }) => error.code,
      ),
    );
    expect(write).toBe('42501');
  }, 120_000);

  it('serves catalog from its own database once CATALOG_DATABASE_URL is set; new stock changes land there', async () => {
    const app = await startTestApp({ DATABASE_URL: shared.url, CATALOG_DATABASE_URL: target.url });
    try {
      const shop = new ShopActions(app.http);
      const listed = await app.http.get(`/api/catalog/products/${products[0].id}`);
      expectStatus(listed, 200);
      expect(listed.body.stock).toBe(3);
      const customer = await shop.registerCustomer();
      const placed = await app.http.post(
        '/api/orders',
        { lines: [{ productId: products[1].id, quantity: 2 }] },
        { token: customer.token },
      );
      expectStatus(placed, 202);
      const final = await eventually(
        () =>
          app.http
            .get(`/api/orders/${placed.body.id}`, { token: customer.token })
            .then((response) => response.body.status as string),
        (status) => status !== 'PENDING',
      );
      expect(final).toBe('CONFIRMED');
    } finally {
      await app.close();
    }
    expect(await stockIn(target.url, products[1].id)).toBe(1);
    expect(await stockIn(shared.url, products[1].id)).toBe(3);
  }, 120_000);

  it('will not drop the old schema while it differs from the module’s own database', async () => {
    const result = await extract(['catalog', '--drop-source'], { CATALOG_DATABASE_URL: target.url });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^catalog\.products: 2 rows, checksum [0-9a-f]{32} ✗ own database has 2 rows, checksum [0-9a-f]{32}$/m,
    );
    expect(result.stderr).toMatch(
      /^tessera: extract failed: the catalog schema in the shared database differs .*nothing was dropped/m,
    );
    expect(await schemaExists(shared.url, 'catalog')).toBe(true);
  }, 60_000);

  it('--back copies the module’s own database over the fenced shared schema and says what to unset; the own database is fenced in turn', async () => {
    const env = { CATALOG_DATABASE_URL: target.url };
    const back = await extract(['catalog', '--back'], env);
    expect(back.stderr).toBe('');
    expect(back.code).toBe(0);
    for (const table of CATALOG_TABLES)
      expect(back.stdout).toMatch(new RegExp(`^catalog\\.${table}: \\d+ rows?, checksum [0-9a-f]{32} ✓$`, 'm'));
    expect(back.stdout).toMatch(/^Copied and verified catalog \(8 tables, \d+ rows\) back into the shared database/m);
    expect(back.stdout).toContain('remove CATALOG_DATABASE_URL');
    expect(await schemaRows(shared.url, 'catalog')).toEqual(await schemaRows(target.url, 'catalog'));
    expect(await stockIn(shared.url, products[1].id)).toBe(1);
    // The shared database is catalog's again (writable, no mark); its own database is now the stale copy.
    const migrate = await TesseraProcess.start('cli/migrate', {
      DATABASE_URL: shared.url,
      TESSERA_DATA_DIR: join(scratch, 'data'),
      LOG_LEVEL: 'warn',
      MODULES: 'catalog',
    }).exit(60_000);
    expect(migrate.code).toBe(0);
    const twice = await extract(['catalog', '--back'], env);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/stale copy/);
    const missing = await extract(['catalog', '--back']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--back copies catalog from its own database: set CATALOG_DATABASE_URL/);
  }, 120_000);

  it('extracts again into the database catalog was moved back from, without --force: that copy is known to be stale', async () => {
    const again = await extract(['catalog', '--to', target.url]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(await schemaRows(target.url, 'catalog')).toEqual(await schemaRows(shared.url, 'catalog'));
    const back = await extract(['catalog', '--back'], { CATALOG_DATABASE_URL: target.url });
    expect(back.code).toBe(0);
  }, 120_000);

  it('moves shipping, made by the generator, to its own database and back with matching checksums', async () => {
    const out = await extract(['shipping', '--to', shippingTarget.url]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^shipping\.shipments: \d+ rows?, checksum [0-9a-f]{32} ✓$/m);
    expect(out.stdout).toMatch(/^shipping\.shipment_actions: 0 rows, checksum [0-9a-f]{32} ✓$/m);
    expect(out.stdout).toMatch(/^Copied and verified shipping \(\d+ tables, \d+ rows\)\.$/m);
    expect(out.stdout).toContain('SHIPPING_DATABASE_URL');
    const copied = await schemaRows(shippingTarget.url, 'shipping');
    expect(copied.shipments.length).toBeGreaterThan(0);
    expect(copied).toEqual(await schemaRows(shared.url, 'shipping'));

    const back = await extract(['shipping', '--back'], { SHIPPING_DATABASE_URL: shippingTarget.url });
    expect(back.stderr).toBe('');
    expect(back.code).toBe(0);
    const checksums = (text: string) =>
      [...text.matchAll(/^(shipping\.\w+): \d+ rows?, checksum ([0-9a-f]{32}) ✓$/gm)].map((m) => [m[1], m[2]]);
    expect(checksums(back.stdout)).toEqual(checksums(out.stdout));
    expect(back.stdout).toContain('remove SHIPPING_DATABASE_URL');
    expect(await schemaRows(shared.url, 'shipping')).toEqual(copied);
  }, 120_000);

  it('--drop-source drops the old schema once the module’s own database is identical', async () => {
    const copied = await extract(['users', '--to', usersTarget.url]);
    expect(copied.code).toBe(0);
    expect(copied.stdout).toMatch(/^users\.users: \d+ rows, checksum [0-9a-f]{32} ✓$/m);
    const dropped = await extract(['users', '--drop-source'], { USERS_DATABASE_URL: usersTarget.url });
    expect(dropped.stderr).toBe('');
    expect(dropped.code).toBe(0);
    expect(dropped.stdout).toMatch(/^users\.users: \d+ rows, checksum [0-9a-f]{32} ✓ same in both$/m);
    expect(dropped.stdout).toMatch(/^Dropped the users schema from the shared database/m);
    expect(await schemaExists(shared.url, 'users')).toBe(false);
    expect(await schemaExists(usersTarget.url, 'users')).toBe(true);
    // The mark outlives the dropped schema: nothing recreates an empty users schema on the shared database.
    const migrate = await TesseraProcess.start('cli/migrate', {
      DATABASE_URL: shared.url,
      TESSERA_DATA_DIR: join(scratch, 'data'),
      LOG_LEVEL: 'warn',
    }).exit(60_000);
    expect(migrate.code).not.toBe(0);
    expect(migrate.stderr).toMatch(/the users module was moved out of this database/);
    expect(await schemaExists(shared.url, 'users')).toBe(false);
  }, 120_000);
});

/** A --to that points at a database the module already runs on is refused before anything there changes. */
describe('npm run extract into a live database', () => {
  let live: TestDatabase;
  let other: TestDatabase;
  let scratch: string;

  beforeAll(async () => {
    [live, other] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    scratch = await mkdtemp(join(tmpdir(), 'tessera-extract-live-'));
  });
  afterAll(async () => {
    await Promise.all([live?.drop(), other?.drop()]);
    await rm(scratch, { recursive: true, force: true });
  });

  it('refuses before touching the target: its migrations and rows stay as they were, and the app there keeps running', async () => {
    const env = {
      TESSERA_DATA_DIR: join(scratch, 'data'),
      LOG_LEVEL: 'warn',
      USERS_DATABASE_URL: undefined,
      CATALOG_DATABASE_URL: undefined,
      ORDERS_DATABASE_URL: undefined,
      SHIPPING_DATABASE_URL: undefined,
    };
    expect(
      (await TesseraProcess.start('cli/migrate', { ...env, DATABASE_URL: other.url, MODULES: 'catalog' }).exit(60_000))
        .code,
    ).toBe(0);
    const app = await startTestApp({ DATABASE_URL: live.url });
    try {
      const state = () =>
        withClient(live.url, async (client) => ({
          migrations: (await client.query('SELECT name FROM catalog.migrations ORDER BY id')).rows,
          products: (await client.query('SELECT count(*)::int AS n FROM catalog.products')).rows,
        }));
      const before = await state();
      const result = await TesseraProcess.start('cli/extract', { ...env, DATABASE_URL: other.url }, [
        'catalog',
        '--to',
        live.url,
      ]).exit(90_000);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^tessera: extract failed: the catalog module is running on the target database \(\d+ sessions of .*\): --to must name a database of its own/m,
      );
      expect(await state()).toEqual(before);
      expect((await app.http.get('/health')).status).toBe(200);
    } finally {
      await app.close();
    }
  }, 120_000);
});

/** The copy itself, in process: writes held off while it runs, every value kept, the source fenced after. */
describe('copySchema', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  const logger = pino({ level: 'silent' });
  const catalog = TESSERA_MODULES.find((module) => module.name === 'catalog')!.database;
  const settings = { poolSize: 2, statementTimeoutMs: 15_000, migrateOnStart: true };

  const migrate = async (url: string) =>
    (await openModuleDatabase(catalog, singleServerRuntime(url, settings), logger, { migrate: true })).destroy();
  const connect = async (url: string) => {
    const client = new Client({ connectionString: moduleConnectionUrl('catalog', url) });
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await migrate(source.url);
    await migrate(target.url);
    await withClient(source.url, async (client) => {
      for (let index = 0; index < 2_500; index++) {
        await client.query(
          `INSERT INTO catalog.products (id, sku, name, description, price_cents, stock) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5)`,
          [
            `SKU-${index}`,
            `Product "${index}", with {odd} \\ text`,
            index % 3 === 0 ? null : `line one\nline two ${index}`,
            index * 7,
            index % 11,
          ],
        );
      }
      await client.query(
        `INSERT INTO catalog.outbox (id, type, aggregate_id, correlation_id, occurred_at, payload)
         SELECT gen_random_uuid(), 'catalog.product-created.v1', 'a' || g, 'c', now(), jsonb_build_object('n', g, 'f', 0.1 + g) FROM generate_series(1, 30) g`,
      );
      await client.query('DELETE FROM catalog.outbox WHERE position > 25');
    });
  });
  afterAll(async () => {
    await Promise.all([source?.drop(), target?.drop()]);
  });

  it('holds writes off the source while it copies, copies every value exactly, continues sequences, and fences the source once committed', async () => {
    const [from, to] = [await connect(source.url), await connect(target.url)];
    let heldOff: unknown;
    try {
      const report = await copySchema({
        schema: 'catalog',
        source: from,
        target: to,
        force: false,
        // A write arriving mid-copy (a module process that was not stopped) waits for the copy's lock; here it gives up.
        duringCopy: async () => {
          heldOff = await withClient(moduleConnectionUrl('catalog', source.url), async (client) => {
            await client.query(`SET lock_timeout = 300`);
            return client.query(`UPDATE catalog.products SET stock = stock + 1 WHERE sku = 'SKU-42'`).then(
              () => undefined,
              (error: { code?: string }) => error.code,
            );
          });
        },
      });
      expect(heldOff).toBe('55P03');
      expect(report.committed).toBe(true);
      expect(report.tables.find((row) => row.table === 'catalog.products')!.target.rows).toBe(2_500);
      for (const row of report.tables) expect(row.target).toEqual(row.source);
    } finally {
      await Promise.all([from.end(), to.end()]);
    }
    expect(await schemaRows(target.url, 'catalog')).toEqual(await schemaRows(source.url, 'catalog'));
    // Positions 26..30 were given out on the source (then deleted): the target does not hand them out again.
    const next = await withClient(
      target.url,
      async (client) =>
        (await client.query(`SELECT nextval(pg_get_serial_sequence('catalog.outbox', 'position'))::int AS n`)).rows[0]
          .n,
    );
    expect(next).toBe(31);
    // The source is fenced: the module's role may read its old tables but no longer write them.
    const write = await withClient(moduleConnectionUrl('catalog', source.url), (client) =>
      client.query(`UPDATE catalog.products SET stock = stock + 1 WHERE sku = 'SKU-42'`).then(
        () => 'written',
        (error: { code?: string }) => error.code,
      ),
    );
    expect(write).toBe('42501');
  });

  it('refuses a target that already holds rows unless told to replace them', async () => {
    const [from, to] = [await connect(source.url), await connect(target.url)];
    try {
      await unfence(from, 'catalog'); // the first test fenced the source
      await expect(copySchema({ schema: 'catalog', source: from, target: to, force: false })).rejects.toThrow(
        /the target catalog schema already holds rows \(.*catalog\.products: 2500 rows.*\); pass --force to replace them/,
      );
      const replaced = await copySchema({ schema: 'catalog', source: from, target: to, force: true });
      expect(replaced.committed).toBe(true);
    } finally {
      await Promise.all([from.end(), to.end()]);
    }
    expect(await schemaRows(target.url, 'catalog')).toEqual(await schemaRows(source.url, 'catalog'));
  });
});
