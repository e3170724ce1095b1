// `.ci/run`'s smoke on the oldest supported Node: build, start as `npm start` does (embedded
// PostgreSQL in a temporary folder), wait for /health, see both pages served, and follow one order
// to CONFIRMED.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ADMIN = { email: 'smoke-admin@tessera.test', password: 'smoke-admin-password' };
const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-smoke-'));

// The point is the oldest supported major; a smoke on another proves nothing it claims.
if (process.versions.node.split('.')[0] !== '22') {
  process.stderr.write(`smoke: must run on Node 22, not ${process.version}\n`);
  process.exit(1);
}
process.stdout.write(`smoke: node ${process.version}: building\n`);
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const [port, pgPort] = [await freePort(), await freePort()];
const app = spawn('npm', ['run', 'start', '--silent', '--ignore-scripts'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  detached: true,
  env: {
    ...process.env,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(pgPort),
    TESSERA_DATA_DIR: dataDir,
    DATABASE_URL: '',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
  },
});
app.stdout.pipe(process.stdout);
const base = `http://127.0.0.1:${port}`;
try {
  await until('GET /health is 200', async () => (await fetch(`${base}/health`)).status === 200, 60_000);
  for (const [path, title] of [
    ['/', 'Tessera shop'],
    ['/console', 'Tessera console'],
  ]) {
    const page = await fetch(`${base}${path}`);
    const html = await page.text();
    if (page.status !== 200 || !html.includes(`<title>${title}</title>`))
      throw new Error(`smoke: GET ${path} answered ${page.status}, not the page "${title}"`);
  }
  const admin = await call('POST', '/api/auth/login', ADMIN, undefined, 200);
  const product = await call(
    'POST',
    '/api/catalog/products',
    { sku: `SMOKE-${randomBytes(3).toString('hex')}`, name: 'Smoke test', priceCents: 500, stock: 3 },
    admin.accessToken,
    201,
  );
  const customer = {
    email: `smoke-${randomBytes(4).toString('hex')}@example.com`,
    password: 'smoke-password-1',
    name: 'Smoke',
  };
  await call('POST', '/api/users', customer, undefined, 201);
  const signedIn = await call(
    'POST',
    '/api/auth/login',
    { email: customer.email, password: customer.password },
    undefined,
    200,
  );
  const order = await call(
    'POST',
    '/api/orders',
    { lines: [{ productId: product.id, quantity: 2 }] },
    signedIn.accessToken,
    202,
  );
  await until(
    `order ${order.id} is CONFIRMED`,
    async () =>
      (await call('GET', `/api/orders/${order.id}`, undefined, signedIn.accessToken, 200)).status === 'CONFIRMED',
    30_000,
  );
  process.stdout.write(
    `smoke: node ${process.version}: /health 200, / and /console served, order ${order.id} CONFIRMED\n`,
  );
} finally {
  process.kill(-app.pid, 'SIGTERM');
  await new Promise((resolve) => app.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}

async function call(method, path, body, token, expected) {
  const headers = {
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected)
    throw new Error(`smoke: ${method} ${path} answered ${response.status}, not ${expected}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function until(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (app.exitCode !== null) throw new Error(`smoke: Tessera exited (${app.exitCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`smoke: no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
