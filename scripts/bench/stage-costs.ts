import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, copyFile, cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from 'amqplib';
import pg from 'pg';
import pino from 'pino';
import { EmbeddedDatabase } from '../../src/shared/database/embedded-database.js';

/**
 * `npm run bench:stages`: what each extraction stage costs on this machine —
 * processes, resident memory, p50/p99 latency of placing an order
 * (POST /api/orders → 202) and network calls per order — measured on real
 * processes started from the build (dist/tessera.mjs, the bundle `npm start`
 * runs, ADR 0005), configured exactly as
 * docs/extraction-playbook.md configures them, against one PostgreSQL server
 * (DATABASE_URL, or an embedded cluster with durable default settings) and
 * RabbitMQ (BROKER_URL, default amqp://guest:guest@127.0.0.1:5672).
 *
 * Per stage: start the processes, create products and customers, warm up,
 * wait until every order has settled, read /metrics of every process, place
 * ORDERS orders from CUSTOMERS concurrent customers (each waits for its 202
 * before sending the next), wait until they have all settled (CONFIRMED and
 * every outbox delivered), read /metrics again. Network calls per order are
 * the differences divided by ORDERS: HTTP facade calls and proxy hops from
 * `tessera_remote_call_duration_seconds_count`, broker messages from
 * `tessera_events_delivered_total` (published) and
 * `tessera_events_handled_total` (consumed); database round trips are not
 * counted. The stages take turns for ROUNDS rounds, each on fresh processes
 * and databases; every figure is the median over the rounds, so one noisy
 * moment on a shared machine does not decide a row. Prints a markdown table
 * for docs/extraction-playbook.md, with the load average before and after.
 *
 * Also runs as `node --import @swc-node/register/esm-register scripts/bench/stage-costs.ts`
 * against an existing build. Environment: BENCH_ORDERS (300), BENCH_CUSTOMERS (4),
 * BENCH_WARMUP (60), BENCH_ROUNDS (3).
 */

const ORDERS = Number(process.env.BENCH_ORDERS ?? 300);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 4);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PRODUCTS = 10;
const BROKER_URL = process.env.BROKER_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const JWT_SECRET = randomBytes(32).toString('hex');
const SERVICE_TOKEN = randomBytes(32).toString('hex');
const ADMIN = { email: 'stages-admin@example.com', password: 'stages-admin-password' };
/** Under a file, so nothing can create it: no process may fall back to an embedded database. */
const NOWHERE = '/dev/null/stage-costs-never-uses-an-embedded-database';
const MODULES = ['users', 'catalog', 'orders'] as const;
type ModuleName = (typeof MODULES)[number];

interface Stage {
  readonly label: string;
  readonly extracted?: ModuleName;
  readonly ownDatabase?: boolean;
}

const STAGES: Stage[] = [
  { label: 'macro' },
  { label: 'mini: catalog alone', extracted: 'catalog' },
  { label: 'micro: catalog alone, own database', extracted: 'catalog', ownDatabase: true },
  { label: 'mini: orders alone', extracted: 'orders' },
];

function repositoryRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('cannot find the repository root (package.json)');
    directory = parent;
  }
  return directory;
}

const ROOT = repositoryRoot();
/** The bundle `npm start` runs (ADR 0005); the processes run a private copy of it (see `snapshotBuild`). */
const BUILT_MAIN = join(ROOT, 'dist', 'tessera.mjs');
let MAIN = BUILT_MAIN;

/**
 * Copies dist/ (with package.json, and node_modules linked) to a temporary
 * folder and runs the processes from there, so that a rebuild during the run
 * (`npm run build` deletes dist/ first) cannot pull the code from under them.
 */
async function snapshotBuild(): Promise<() => Promise<void>> {
  const folder = await mkdtemp(join(tmpdir(), 'tessera-stages-build-'));
  await cp(join(ROOT, 'dist'), join(folder, 'dist'), { recursive: true });
  await copyFile(join(ROOT, 'package.json'), join(folder, 'package.json'));
  await symlink(join(ROOT, 'node_modules'), join(folder, 'node_modules'), 'dir');
  MAIN = join(folder, 'dist', 'tessera.mjs');
  return () => rm(folder, { recursive: true, force: true });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Databases

interface Server {
  readonly adminUrl: string;
  stop(): Promise<void>;
}

async function startServer(): Promise<Server> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => undefined };
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-stages-'));
  await chmod(dataDir, 0o755); // the cluster runs as the `postgres` OS user when we are root
  const database = await EmbeddedDatabase.start({ dataDir, port: await freePort(), logger: pino({ level: 'warn' }) });
  return {
    adminUrl: database.adminUrl,
    async stop() {
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function createDatabase(server: Server): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tessera_stages_${randomBytes(5).toString('hex')}`;
  await sql(server.adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => sql(server.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) };
}

// ---------------------------------------------------------------------------------------------
// Processes

class Tessera {
  private stdout = '';
  private stderr = '';

  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  static async start(name: string, port: number, env: Record<string, string>): Promise<Tessera> {
    const inherited: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && !/^(NODE_ENV|MODULES|PORT|DATABASE_URL|[A-Z]+_URL|[A-Z]+_DATABASE_URL|SERVICE_TOKEN|JWT_SECRET|TESSERA_DATA_DIR)$/.test(key)) inherited[key] = value;
    }
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: { ...inherited, LOG_LEVEL: 'warn', TESSERA_DATA_DIR: NOWHERE, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tessera = new Tessera(name, `http://127.0.0.1:${port}`, child);
    const deadline = Date.now() + 60_000;
    while (!tessera.stdout.includes('Tessera is running')) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${name} did not start:\n${tessera.stdout}\n${tessera.stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return tessera;
  }

  /** VmRSS of the process, in MiB. */
  residentMiB(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
  }

  async metrics(): Promise<Map<string, number>> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const series = new Map<string, number>();
    for (const line of text.split('\n')) {
      const match = /^(tessera_[a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
      if (match) series.set(match[1]!, Number(match[2]));
    }
    return series;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

interface Deployment {
  readonly processes: Tessera[];
  readonly mainUrl: string;
  /** Owner connections per module schema, to wait for the saga to settle. */
  readonly schemaUrls: Record<ModuleName, string>;
  readonly usesBroker: boolean;
  stop(): Promise<void>;
}

/** The processes of one stage, configured as in docs/extraction-playbook.md. */
async function deploy(stage: Stage, server: Server): Promise<Deployment> {
  const shared = await createDatabase(server);
  const own = stage.ownDatabase ? await createDatabase(server) : undefined;
  const namespace = `stages-${randomBytes(4).toString('hex')}`;
  const mainPort = await freePort();
  let extractedPort = await freePort();
  while (extractedPort === mainPort) extractedPort = await freePort();
  const mainUrl = `http://127.0.0.1:${mainPort}`;
  const processes: Tessera[] = [];
  const common = { DATABASE_URL: shared.url, JWT_SECRET };
  const schemaUrls = { users: shared.url, catalog: shared.url, orders: shared.url };
  try {
    if (!stage.extracted) {
      processes.push(await Tessera.start('main', mainPort, { ...common, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }));
    } else {
      const extracted = stage.extracted;
      const variable = `${extracted.toUpperCase()}_URL`;
      const split = { SERVICE_TOKEN, BROKER_URL, BROKER_NAMESPACE: namespace };
      const rest = MODULES.filter((module) => module !== extracted);
      const ownDatabase: Record<string, string> = own ? { [`${extracted.toUpperCase()}_DATABASE_URL`]: own.url } : {};
      if (own) schemaUrls[extracted] = own.url;
      const started = await Promise.allSettled([
        Tessera.start(extracted, extractedPort, {
          ...(own ? { JWT_SECRET } : common),
          ...ownDatabase,
          ...split,
          MODULES: extracted,
          TRUST_PROXY: 'loopback',
          // orders calls catalog, which stays in the main process
          ...(extracted === 'orders' ? { CATALOG_URL: mainUrl } : {}),
        }),
        Tessera.start('main', mainPort, {
          ...common,
          ...split,
          MODULES: rest.join(','),
          [variable]: `http://127.0.0.1:${extractedPort}`,
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
        }),
      ]);
      for (const outcome of started) if (outcome.status === 'fulfilled') processes.push(outcome.value);
      const failed = started.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      processes.reverse(); // main first
    }
  } catch (error) {
    await Promise.all(processes.map((tessera) => tessera.stop()));
    await shared.drop();
    await own?.drop();
    throw error;
  }
  return {
    processes,
    mainUrl,
    schemaUrls,
    usesBroker: stage.extracted !== undefined,
    async stop() {
      await Promise.all(processes.map((tessera) => tessera.stop()));
      if (stage.extracted) await deleteNamespace(namespace);
      await shared.drop();
      await own?.drop();
    },
  };
}

async function deleteNamespace(namespace: string): Promise<void> {
  const connection = await connect(BROKER_URL);
  try {
    const channel = await connection.createChannel();
    for (const module of MODULES) {
      await channel.deleteQueue(`${namespace}.${module}`);
      await channel.deleteQueue(`${namespace}.${module}.dead-letters`);
    }
    await channel.deleteExchange(`${namespace}.events`);
    await channel.deleteExchange(`${namespace}.dead-letters`);
    await channel.close();
  } finally {
    await connection.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The shop

async function call(method: string, url: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function expectCall(method: string, url: string, status: number, body?: unknown, token?: string): Promise<any> {
  const response = await call(method, url, body, token);
  if (response.status !== status) throw new Error(`${method} ${url}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function login(base: string, email: string, password: string): Promise<string> {
  return (await expectCall('POST', `${base}/api/auth/login`, 200, { email, password })).accessToken as string;
}

async function prepareShop(base: string): Promise<{ products: string[]; customers: string[] }> {
  const admin = await login(base, ADMIN.email, ADMIN.password);
  const products: string[] = [];
  for (let index = 0; index < PRODUCTS; index++) {
    const product = await expectCall('POST', `${base}/api/catalog/products`, 201, { sku: `STAGE-${index}-${randomBytes(3).toString('hex')}`, name: `Product ${index}`, priceCents: 1000 + index, stock: 1_000_000 }, admin);
    products.push(product.id as string);
  }
  const customers: string[] = [];
  for (let index = 0; index < CUSTOMERS; index++) {
    const email = `stage-customer-${index}-${randomBytes(3).toString('hex')}@example.com`;
    await expectCall('POST', `${base}/api/users`, 201, { email, password: 'customer-password-1', name: `Customer ${index}` });
    customers.push(await login(base, email, 'customer-password-1'));
  }
  return { products, customers };
}

/** Places `count` orders from every customer concurrently; returns the latency of each 202, in ms. */
async function placeOrders(base: string, shop: { products: string[]; customers: string[] }, count: number): Promise<number[]> {
  const latencies: number[] = [];
  let remaining = count;
  await Promise.all(
    shop.customers.map(async (token) => {
      while (remaining > 0) {
        remaining--;
        const lines = [{ productId: shop.products[randomInt(shop.products.length)]!, quantity: 1 }];
        const started = performance.now();
        const response = await call('POST', `${base}/api/orders`, { lines }, token);
        const elapsed = performance.now() - started;
        if (response.status !== 202) throw new Error(`POST /api/orders answered ${response.status}: ${JSON.stringify(response.body)}`);
        latencies.push(elapsed);
      }
    }),
  );
  return latencies;
}

/** Until every order has a final state and every outbox is delivered. */
async function settled(deployment: Deployment): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const [pending] = await sql<{ n: string }>(deployment.schemaUrls.orders, `SELECT count(*) AS n FROM orders.orders WHERE status = 'PENDING'`);
    let undelivered = 0;
    for (const module of MODULES) {
      const [row] = await sql<{ n: string }>(deployment.schemaUrls[module], `SELECT count(*) AS n FROM ${module}.outbox WHERE delivered_at IS NULL`);
      undelivered += Number(row!.n);
    }
    if (Number(pending!.n) === 0 && undelivered === 0) break;
    if (Date.now() > deadline) throw new Error(`not settled after 120 s: ${pending!.n} pending orders, ${undelivered} undelivered events`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 300)); // counters are incremented around the commits we just saw
}

async function allMetrics(deployment: Deployment): Promise<Map<string, number>[]> {
  return Promise.all(deployment.processes.map((tessera) => tessera.metrics()));
}

/** Sum over every process of the series whose name and labels match, after minus before. */
function delta(before: Map<string, number>[], after: Map<string, number>[], pattern: RegExp): number {
  let total = 0;
  after.forEach((series, index) => {
    for (const [key, value] of series) if (pattern.test(key)) total += value - (before[index]!.get(key) ?? 0);
  });
  return total;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Result {
  readonly stage: Stage;
  readonly processes: number;
  readonly residentMiB: { name: string; mib: number }[];
  readonly p50: number;
  readonly p99: number;
  readonly facadeCalls: number;
  readonly proxyHops: number;
  readonly published: number;
  readonly consumed: number;
  readonly usesBroker: boolean;
}

async function measure(stage: Stage, server: Server): Promise<Result> {
  const deployment = await deploy(stage, server);
  try {
    const shop = await prepareShop(deployment.mainUrl);
    await placeOrders(deployment.mainUrl, shop, WARMUP);
    await settled(deployment);
    const before = await allMetrics(deployment);
    const latencies = await placeOrders(deployment.mainUrl, shop, ORDERS);
    await settled(deployment);
    const after = await allMetrics(deployment);
    const perOrder = (pattern: RegExp) => delta(before, after, pattern) / ORDERS;
    return {
      stage,
      processes: deployment.processes.length,
      residentMiB: deployment.processes.map((tessera) => ({ name: tessera.name, mib: tessera.residentMiB() })),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      facadeCalls: perOrder(/^tessera_remote_call_duration_seconds_count\{(?=.*operation="(?!proxy")).*\}$/),
      proxyHops: perOrder(/^tessera_remote_call_duration_seconds_count\{(?=.*operation="proxy").*\}$/),
      published: perOrder(/^tessera_events_delivered_total\{/),
      consumed: perOrder(/^tessera_events_handled_total\{(?=.*outcome="handled").*\}$/),
      usesBroker: deployment.usesBroker,
    };
  } finally {
    await deployment.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One stage's rounds folded into one row: the median of every figure. */
function medianResult(results: Result[]): Result {
  const first = results[0]!;
  const of = (pick: (result: Result) => number) => median(results.map(pick));
  return {
    ...first,
    residentMiB: first.residentMiB.map((entry, index) => ({ name: entry.name, mib: of((result) => result.residentMiB[index]!.mib) })),
    p50: of((result) => result.p50),
    p99: of((result) => result.p99),
    facadeCalls: of((result) => result.facadeCalls),
    proxyHops: of((result) => result.proxyHops),
    published: of((result) => result.published),
    consumed: of((result) => result.consumed),
  };
}

// ---------------------------------------------------------------------------------------------

const number = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

function table(results: Result[]): string {
  const rows = results.map((result) => {
    const memory = result.residentMiB.reduce((sum, entry) => sum + entry.mib, 0);
    const memoryText = result.residentMiB.length === 1 ? `${Math.round(memory)} MiB` : `${Math.round(memory)} MiB (${result.residentMiB.map((entry) => `${entry.name} ${Math.round(entry.mib)}`).join(' + ')})`;
    const http = result.facadeCalls + result.proxyHops;
    const httpText = http === 0 ? '0' : `${number(http)} (${[result.facadeCalls > 0 ? `${number(result.facadeCalls)} facade` : '', result.proxyHops > 0 ? `${number(result.proxyHops)} proxy` : ''].filter(Boolean).join(' + ')})`;
    const brokerText = result.usesBroker ? `${number(result.published + result.consumed)} (${number(result.published)} published + ${number(result.consumed)} consumed)` : `0 (${number(result.published)} events on the in-process bus)`;
    return `| ${result.stage.label} | ${result.processes} | ${memoryText} | ${result.p50.toFixed(1)} ms | ${result.p99.toFixed(1)} ms | ${httpText} | ${brokerText} |`;
  });
  return [
    '| stage | processes | resident memory (after the run) | POST /api/orders p50 | p99 | HTTP calls between processes per order | broker messages per order |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: run \`npm run build\` first`);
  const broker = await connect(BROKER_URL).catch(() => undefined);
  if (!broker) throw new Error(`no RabbitMQ answers at ${BROKER_URL.replace(/\/\/[^@]*@/, '//')} (set BROKER_URL): mini and micro need it`);
  await broker.close();
  const removeSnapshot = await snapshotBuild();
  const rounds: Result[][] = STAGES.map(() => []);
  let version = 'unknown';
  let loadBefore: number[] = [];
  try {
    const server = await startServer();
    try {
      version = (await sql<{ server_version: string }>(server.adminUrl, 'SHOW server_version'))[0]!.server_version;
      loadBefore = loadavg();
      for (let round = 1; round <= ROUNDS; round++) {
        for (const [index, stage] of STAGES.entries()) {
          process.stderr.write(`stage-costs: round ${round}/${ROUNDS}, ${stage.label}…\n`);
          const result = await measure(stage, server);
          process.stderr.write(`stage-costs:   p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, load ${loadavg()[0]!.toFixed(2)}\n`);
          rounds[index]!.push(result);
        }
      }
    } finally {
      await server.stop();
    }
  } finally {
    await removeSnapshot();
  }
  const loadAfter = loadavg();
  const results = rounds.map(medianResult);
  const date = new Date().toISOString().slice(0, 10);
  process.stdout.write(
    [
      `Measured ${date} by \`npm run bench:stages\` on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ` +
        `${Math.round(totalmem() / 1024 ** 3)} GiB memory, Node.js ${process.version}, ` +
        `${process.env.DATABASE_URL ? 'PostgreSQL from DATABASE_URL' : `embedded PostgreSQL ${version}`} and RabbitMQ on the same machine; ` +
        `${ORDERS} orders from ${CUSTOMERS} concurrent customers after ${WARMUP} warm-up orders per stage; median of ${ROUNDS} rounds; ` +
        `load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')} before, ${loadAfter.map((value) => value.toFixed(2)).join(' ')} after.`,
      '',
      table(results),
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`stage-costs: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
