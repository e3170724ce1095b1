import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.js';
import { eventually } from '../support/eventually.js';
import { HttpClient } from '../support/http-client.js';
import { TesseraProcess } from '../support/tessera-process.js';

/**
 * `npm start` on a machine with no database configured: an embedded PostgreSQL
 * under the data folder, kept across restarts, stopped on SIGTERM/SIGINT, and
 * recovered after the process was killed outright.
 */
describe('npm start with the embedded database', () => {
  let dataDir: string;
  let env: Record<string, string | undefined>;
  let pgPort: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-start-'));
    await chmod(dataDir, 0o755);
    pgPort = await freePort();
    env = {
      DATABASE_URL: undefined,
      NODE_ENV: 'development',
      TESSERA_DATA_DIR: join(dataDir, 'data'),
      EMBEDDED_PG_PORT: String(pgPort),
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      JWT_SECRET: undefined,
      ADMIN_EMAIL: 'owner@example.com',
      ADMIN_PASSWORD: 'owner-password-1',
    };
  });

  const started: TesseraProcess[] = [];
  const start = (overrides: Record<string, string> = {}) => {
    const child = TesseraProcess.start('main', { ...env, ...overrides });
    started.push(child);
    return child;
  };

  afterEach(async () => {
    // A failed assertion must not leave a server (and its PostgreSQL) behind for the next test.
    await Promise.all(started.splice(0).map((child) => child.stop('SIGTERM').catch(() => undefined)));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the API, keeps data across a restart and a SIGKILL, and stops PostgreSQL on SIGTERM and SIGINT', async () => {
    const credentials = { email: 'persistent@example.com', password: 'persistent-password' };

    // First start: initialises the cluster and prints where everything is.
    const first = start();
    await first.waitFor('Tessera is running');
    const base = `http://127.0.0.1:${env.PORT}`;
    expect(first.stdout).toContain(`API:     ${base}/api`);
    expect(first.stdout).toContain(`OpenAPI: ${base}/docs`);
    expect(first.stdout).toContain(`Health:  ${base}/health`);
    expect(first.stdout).toContain('embedded PostgreSQL');
    const http = new HttpClient(base);
    expect((await http.get('/health')).status).toBe(200);
    expect((await http.post('/api/users', { ...credentials, name: 'Persistent' })).status).toBe(201);
    const firstToken = (await http.post('/api/auth/login', credentials)).body.accessToken as string;
    // The saga runs on the embedded database too: an order is confirmed and takes its stock.
    const admin = (await http.post('/api/auth/login', { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD })).body
      .accessToken as string;
    const tea = await http.post(
      '/api/catalog/products',
      { sku: 'EMBEDDED-TEA', name: 'Tea', priceCents: 500, stock: 3 },
      { token: admin },
    );
    expect(tea.status).toBe(201);
    const placed = await http.post(
      '/api/orders',
      { lines: [{ productId: tea.body.id, quantity: 2 }] },
      { token: firstToken },
    );
    expect(placed.status).toBe(202);
    await eventually(
      () => http.get(`/api/orders/${placed.body.id}`, { token: firstToken }),
      (response) => response.body.status === 'CONFIRMED',
      5_000,
    );

    const stopped = await first.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(await accepts(pgPort)).toBe(false);
    await expect(stat(join(env.TESSERA_DATA_DIR!, 'pg', 'postmaster.pid'))).rejects.toThrow();

    // Second start: same data; the development JWT secret was kept, so old tokens still verify.
    const second = start();
    await second.waitFor('Tessera is running');
    expect((await http.post('/api/auth/login', credentials)).status).toBe(200);
    expect((await http.get('/api/users/me', { token: firstToken })).body.email).toBe(credentials.email);
    expect((await http.get(`/api/orders/${placed.body.id}`, { token: firstToken })).body.status).toBe('CONFIRMED');
    expect((await http.get(`/api/catalog/products/${tea.body.id}`)).body.stock).toBe(1);

    // Killed outright: its PostgreSQL child is orphaned and must be taken over by the next start.
    second.child.kill('SIGKILL');
    await second.exit();
    expect(await accepts(pgPort)).toBe(true);

    const third = start();
    await third.waitFor('Tessera is running');
    expect((await http.post('/api/auth/login', credentials)).status).toBe(200);
    const interrupted = await third.stop('SIGINT');
    expect(interrupted.code).toBe(0);
    expect(await accepts(pgPort)).toBe(false);
  }, 120_000);

  it('refuses to share its data folder with another live process', async () => {
    const owner = start({ PORT: String(await freePort()) });
    await owner.waitFor('Tessera is running');
    try {
      const intruder = start({ PORT: String(await freePort()) });
      const result = await intruder.exit();
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/data folder .* is in use by process \d+/);
    } finally {
      expect((await owner.stop()).code).toBe(0);
    }
  }, 60_000);
});

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
