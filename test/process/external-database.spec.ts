import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TESSERA_MODULES } from '../../src/module-registry.js';
import { freePort } from '../support/free-port.js';
import { HttpClient } from '../support/http-client.js';
import { createTestDatabase, type TestDatabase, withClient } from '../support/test-database.js';
import { TesseraProcess } from '../support/tessera-process.js';

/** The module names of this build, as the CLI lists them. */
const NAMES = TESSERA_MODULES.map((module) => module.name).sort();
/** What `npm run migrate` prints for a module on a new database: every migration it has, in order, by class name. */
const appliedLine = (module: (typeof TESSERA_MODULES)[number]) =>
  new RegExp(
    `^${module.name}: applied ${(module.database.migrations as { name: string }[]).map((migration) => `${migration.name.replace(/\d+$/, '')}\\d+`).join(', ')}$`,
    'm',
  );

/** The same build against a PostgreSQL server given by DATABASE_URL; migrations by `npm run migrate`. */
describe('the build against an external PostgreSQL', () => {
  let database: TestDatabase;
  let scratch: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    scratch = await mkdtemp(join(tmpdir(), 'tessera-external-'));
  });
  afterAll(async () => {
    await database.drop();
    await rm(scratch, { recursive: true, force: true });
  });

  it('`npm run migrate` applies each module’s migrations once, then reports them up to date', async () => {
    const env = { DATABASE_URL: database.url, TESSERA_DATA_DIR: join(scratch, 'data'), LOG_LEVEL: 'warn' };
    const first = await TesseraProcess.start('cli/migrate', env).exit();
    expect(first.code).toBe(0);
    for (const module of TESSERA_MODULES) expect(first.stdout).toMatch(appliedLine(module));
    // The named steps of the hand-written modules, so a renamed or dropped migration shows here by name.
    expect(first.stdout).toMatch(
      /^orders: applied CreateOrders\d+, AddOrdersMessaging\d+, DropOrdersOutboxNotify\d+, AddOrdersShippingAddress\d+, AddOrdersShipmentView\d+, AddOrdersOutboxTraceContext\d+, AddOrdersChangeMarks\d+$/m,
    );
    const second = await TesseraProcess.start('cli/migrate', env).exit();
    expect(second.code).toBe(0);
    expect(second.stdout.trim().split('\n')).toEqual(NAMES.map((name) => `${name}: up to date`));
    const tables = await withClient(database.url, (client) =>
      client.query<{ name: string }>(
        `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_name = 'migrations' ORDER BY 1`,
      ),
    );
    expect(tables.rows.map((row) => row.name)).toEqual(NAMES.map((name) => `${name}.migrations`));
  }, 60_000);

  it('`npm run migrate` refuses a MODULES naming no module of this build (exit 78), instead of doing nothing', async () => {
    const result = await TesseraProcess.start('cli/migrate', {
      DATABASE_URL: database.url,
      TESSERA_DATA_DIR: join(scratch, 'data'),
      LOG_LEVEL: 'warn',
      MODULES: 'catalgo',
    }).exit();
    expect(result.code).toBe(78);
    expect(result.stderr).toMatch(
      new RegExp(
        `^tessera: invalid configuration: MODULES must name modules of this build \\(${NAMES.join(', ')}\\); unknown: catalgo$`,
        'm',
      ),
    );
  }, 60_000);

  it('serves the API from DATABASE_URL with start-up migrations off, and starts nothing embedded', async () => {
    const dataDir = join(scratch, 'unused-data');
    const port = await freePort();
    const app = TesseraProcess.start('main', {
      DATABASE_URL: database.url,
      DB_MIGRATE_ON_START: 'false',
      TESSERA_DATA_DIR: dataDir,
      PORT: String(port),
      JWT_SECRET: 'external-database-test-secret-0123456789',
      LOG_LEVEL: 'warn',
    });
    try {
      await app.waitFor('Tessera is running');
      expect(app.stdout).toContain('PostgreSQL from DATABASE_URL');
      const http = new HttpClient(`http://127.0.0.1:${port}`);
      const health = await http.get('/health');
      expect(health.status).toBe(200);
      expect(Object.keys(health.body.dependencies)).toEqual(NAMES.map((name) => `database:${name}`));
      expect(
        (await http.post('/api/users', { email: 'external@example.com', password: 'external-pass', name: 'Ext' }))
          .status,
      ).toBe(201);
      await expect(readdir(dataDir)).rejects.toThrow(); // nothing embedded was initialised
    } finally {
      expect((await app.stop()).code).toBe(0);
    }
  }, 60_000);
});
