import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BROKER_URL, brokerAnswers } from '../broker.js';
import { createBenchDatabase, type BenchDatabase, settledOrders } from './bench-database.js';
import { runChild } from './child.js';
import { registerCustomers } from './shop.js';
import { freePort, type Launched, launch } from './launcher.js';
import { median, percentile, round } from './stats.js';

/**
 * `npm run bench`: Tessera against what PostgreSQL alone can do, side by side
 * in one run on this machine. Every figure is the median of BENCH_RUNS runs
 * (default 3) of BENCH_SECONDS (default 8) each; load generators always run in
 * processes of their own. Prints a table and rewrites the generated part of
 * docs/benchmarks.md.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PRODUCTS = 100;
/** Client counts tried for the lean saga; the best one is the baseline. */
const LEAN_CLIENTS = [8, 16, 32, 64];

interface LeanRun {
  readonly ordersPerSecond: number;
  readonly roundTripsPerOrder: number;
}
const CUSTOMERS = 32;
const JWT_SECRET = randomBytes(24).toString('hex');
const ADMIN = { email: 'bench-admin@example.com', password: 'bench-admin-password' };

interface OrderRun {
  readonly confirmedPerSecond: number;
  readonly postP50: number;
  readonly postP99: number;
  readonly confirmP50: number;
  readonly confirmP99: number;
  readonly accepted: number;
}

interface Row {
  readonly measure: string;
  readonly tessera: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
  readonly met: string;
}

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

async function orderRun(
  database: BenchDatabase,
  baseUrl: string,
  tokens: string[],
  load: { concurrency?: number; rate?: number; seconds: number },
): Promise<OrderRun> {
  const result = await runChild<{ latencies: number[]; ids: string[]; failures: number }>('order-load', {
    baseUrl,
    tokens,
    productIds: database.productIds,
    durationMs: load.seconds * 1000,
    concurrency: load.concurrency,
    rate: load.rate,
  });
  if (result.failures > 0) log(`${result.failures} orders were not accepted`);
  const settled = await settledOrders(database.url, result.ids);
  return {
    confirmedPerSecond: settled.confirmed / settled.spanSeconds,
    postP50: percentile(result.latencies, 50),
    postP99: percentile(result.latencies, 99),
    confirmP50: percentile(settled.confirmMs, 50),
    confirmP99: percentile(settled.confirmMs, 99),
    accepted: result.ids.length,
  };
}

/** `beforeEachPeak` interleaves the baseline's runs with Tessera's, so both see the same machine. */
async function orderBenchmark(
  database: BenchDatabase,
  baseUrl: string,
  label: string,
  beforeEachPeak?: () => Promise<void>,
): Promise<{ peak: OrderRun[]; half: OrderRun[]; rate: number }> {
  const tokens = await registerCustomers(baseUrl, CUSTOMERS);
  log(`${label}: warming up`);
  await orderRun(database, baseUrl, tokens, { concurrency: 16, seconds: 3 });
  const peak: OrderRun[] = [];
  for (let run = 1; run <= RUNS; run++) {
    await beforeEachPeak?.();
    peak.push(await orderRun(database, baseUrl, tokens, { concurrency: CONCURRENCY, seconds: SECONDS }));
    log(`${label}: peak run ${run}: ${round(peak.at(-1)!.confirmedPerSecond)} confirmed orders/s`);
  }
  const rate = median(peak.map((run) => run.confirmedPerSecond)) / 2;
  const half: OrderRun[] = [];
  for (let run = 1; run <= RUNS; run++) {
    half.push(await orderRun(database, baseUrl, tokens, { rate, seconds: SECONDS }));
    log(
      `${label}: half-peak run ${run} at ${round(rate)}/s: POST p99 ${round(half.at(-1)!.postP99)} ms, CONFIRMED p99 ${round(half.at(-1)!.confirmP99)} ms`,
    );
  }
  return { peak, half, rate };
}

interface ReadResult {
  readonly rps: number;
  readonly p99: number;
}

/**
 * Tessera and the minimal handler, both running, measured in alternation after
 * a warm-up of each, so drift of the machine hits both sides alike.
 */
async function readBenchmark(
  targets: { tessera: string; minimal: string },
  paths: string[],
): Promise<{ tessera: ReadResult; minimal: ReadResult }> {
  const load = (url: string, seconds: number) =>
    runChild<{ requestsPerSecond: number; p99: number }>('read-load', {
      url,
      paths,
      connections: CONCURRENCY,
      durationSeconds: seconds,
    });
  await load(targets.tessera, 3);
  await load(targets.minimal, 3);
  const runs = {
    tessera: [] as { requestsPerSecond: number; p99: number }[],
    minimal: [] as { requestsPerSecond: number; p99: number }[],
  };
  for (let run = 0; run < RUNS; run++) {
    runs.tessera.push(await load(targets.tessera, Math.max(3, Math.round(SECONDS / 2))));
    runs.minimal.push(await load(targets.minimal, Math.max(3, Math.round(SECONDS / 2))));
  }
  const summary = (side: { requestsPerSecond: number; p99: number }[]) => ({
    rps: median(side.map((run) => run.requestsPerSecond)),
    p99: median(side.map((run) => run.p99)),
  });
  return { tessera: summary(runs.tessera), minimal: summary(runs.minimal) };
}

async function startMinimalServer(databaseUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [fileURLToPath(new URL('./minimal-catalog-server.js', import.meta.url))], {
    env: { ...process.env, PORT: String(port), BENCH_DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve()),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))),
  };
}

const ms = (value: number) => `${round(value, 1)} ms`;
const perSecond = (value: number) => `${Math.round(value)}/s`;
const ratio = (value: number, baseline: number) => `${round((value / baseline) * 100, 0)}%`;

async function main(): Promise<void> {
  const database = await createBenchDatabase(PRODUCTS);
  // Every simulated customer signs up from 127.0.0.1: lift the per-address sign-up budget.
  const appEnv = {
    DATABASE_URL: database.url,
    JWT_SECRET,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    REGISTRATION_MAX_PER_ADDRESS: '100000',
  };
  let app: Launched | undefined;
  let baselineDatabase: BenchDatabase | undefined;
  try {
    app = await launch(appEnv);
    baselineDatabase = await database.sibling();
    const baselineOn = baselineDatabase;
    const leanAt = async (concurrency: number, seconds: number) =>
      runChild<LeanRun>('lean-saga', { databaseUrl: baselineOn.url, concurrency, durationMs: seconds * 1000 });
    // The lean saga's best client count, so the baseline is the best PostgreSQL does here.
    const sweep: { clients: number; run: LeanRun }[] = [];
    for (const clients of LEAN_CLIENTS) sweep.push({ clients, run: await leanAt(clients, 3) });
    const leanClients = sweep.reduce((best, next) =>
      next.run.ordersPerSecond > best.run.ordersPerSecond ? next : best,
    ).clients;
    log(
      `lean saga: ${sweep.map(({ clients, run }) => `${clients} clients ${round(run.ordersPerSecond)}/s`).join(', ')}; using ${leanClients}`,
    );
    log(`baselines: lean saga and the replay of Tessera's statements, run before each of Tessera's peak runs`);
    const leanRuns: LeanRun[] = [];
    const replayRuns: number[] = [];
    const baselineRun = async () => {
      leanRuns.push(await leanAt(leanClients, SECONDS));
      const replay = await runChild<{ ordersPerSecond: number }>('raw-saga', {
        databaseUrl: baselineOn.url,
        productIds: baselineOn.productIds,
        concurrency: CONCURRENCY,
        durationMs: SECONDS * 1000,
      });
      replayRuns.push(replay.ordersPerSecond);
      log(
        `baseline run ${leanRuns.length}: lean ${round(leanRuns.at(-1)!.ordersPerSecond)}/s, replay ${round(replay.ordersPerSecond)}/s`,
      );
    };
    const macro = await orderBenchmark(database, app.url, 'macro', baselineRun);
    const baselineRuns = leanRuns.map((run) => run.ordersPerSecond);
    const baseline = median(baselineRuns);
    const replayBaseline = median(replayRuns);
    const residentMegabytes = app.residentMegabytes();

    log('catalog reads: Tessera vs a minimal Fastify + pg handler, in alternation');
    const byId = database.productIds.slice(0, 20).map((id) => `/api/catalog/products/${id}`);
    const list = ['/api/catalog/products?limit=20'];
    const minimal = await startMinimalServer(database.url);
    const { tessera: tesseraById, minimal: minimalById } = await readBenchmark(
      { tessera: app.url, minimal: minimal.url },
      byId,
    );
    const { tessera: tesseraList, minimal: minimalList } = await readBenchmark(
      { tessera: app.url, minimal: minimal.url },
      list,
    );
    await minimal.stop();
    await app.stop();
    app = undefined;

    log('start-up: process start to /health 200, database already initialised');
    const startups: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = await launch(appEnv);
      startups.push(started.startupMs);
      await started.stop();
    }

    let mini: { peak: OrderRun[]; half: OrderRun[]; rate: number } | undefined;
    if (await brokerAnswers()) {
      log('mini: catalog extracted, events through RabbitMQ');
      const split = {
        BROKER_URL,
        BROKER_NAMESPACE: `bench-${randomBytes(3).toString('hex')}`,
        SERVICE_TOKEN: randomBytes(24).toString('hex'),
      };
      const [mainPort, catalogPort] = [await freePort(), await freePort()];
      const catalog = await launch({ ...appEnv, ...split, MODULES: 'catalog', PORT: String(catalogPort) });
      const main = await launch({
        ...appEnv,
        ...split,
        MODULES: 'users,orders',
        PORT: String(mainPort),
        CATALOG_URL: catalog.url,
      });
      try {
        mini = await orderBenchmark(database, main.url, 'mini');
      } finally {
        await main.stop();
        await catalog.stop();
      }
    } else {
      log(`mini: skipped, no RabbitMQ at ${BROKER_URL}`);
    }

    const med = (runs: OrderRun[], key: keyof OrderRun) => median(runs.map((run) => run[key]));
    const rows: Row[] = [
      row(
        'Confirmed orders per second (macro)',
        perSecond(med(macro.peak, 'confirmedPerSecond')),
        `${perSecond(baseline)} lean saga (${leanClients} clients, ${round(median(leanRuns.map((run) => run.roundTripsPerOrder)), 1)} round trips)`,
        ratio(med(macro.peak, 'confirmedPerSecond'), baseline),
        '≥ 50%',
        med(macro.peak, 'confirmedPerSecond') >= baseline * 0.5,
      ),
      row(
        "Framework cost: macro vs a replay of Tessera's own statements",
        perSecond(med(macro.peak, 'confirmedPerSecond')),
        `${perSecond(replayBaseline)} replay`,
        ratio(med(macro.peak, 'confirmedPerSecond'), replayBaseline),
        'reported',
        undefined,
      ),
      row(
        `POST /api/orders p50 / p99 at half peak (${Math.round(macro.rate)}/s)`,
        `${ms(med(macro.half, 'postP50'))} / ${ms(med(macro.half, 'postP99'))}`,
        '—',
        '—',
        'p99 < 25 ms',
        med(macro.half, 'postP99') < 25,
      ),
      row(
        '202 → CONFIRMED p50 / p99 at half peak',
        `${ms(med(macro.half, 'confirmP50'))} / ${ms(med(macro.half, 'confirmP99'))}`,
        '—',
        '—',
        'p99 < 100 ms',
        med(macro.half, 'confirmP99') < 100,
      ),
      row(
        'GET /api/catalog/products/:id (rps, p99)',
        `${perSecond(tesseraById.rps)}, ${ms(tesseraById.p99)}`,
        `${perSecond(minimalById.rps)}, ${ms(minimalById.p99)}`,
        ratio(tesseraById.rps, minimalById.rps),
        '≥ 80%',
        tesseraById.rps >= minimalById.rps * 0.8,
      ),
      row(
        'GET /api/catalog/products?limit=20 (rps, p99)',
        `${perSecond(tesseraList.rps)}, ${ms(tesseraList.p99)}`,
        `${perSecond(minimalList.rps)}, ${ms(minimalList.p99)}`,
        ratio(tesseraList.rps, minimalList.rps),
        '≥ 80%',
        tesseraList.rps >= minimalList.rps * 0.8,
      ),
      row(
        'Start-up to /health 200 (initialised database)',
        ms(median(startups)),
        '—',
        '—',
        '< 2000 ms',
        median(startups) < 2000,
      ),
      row(
        'Resident memory after the order load (macro)',
        `${Math.round(residentMegabytes)} MB`,
        '—',
        '—',
        '< 250 MB',
        residentMegabytes < 250,
      ),
    ];
    if (mini) {
      rows.push(
        row(
          'Confirmed orders per second (mini: catalog extracted)',
          perSecond(med(mini.peak, 'confirmedPerSecond')),
          `${perSecond(med(macro.peak, 'confirmedPerSecond'))} macro`,
          ratio(med(mini.peak, 'confirmedPerSecond'), med(macro.peak, 'confirmedPerSecond')),
          '≥ 70% of macro',
          med(mini.peak, 'confirmedPerSecond') >= med(macro.peak, 'confirmedPerSecond') * 0.7,
        ),
        row(
          `Mini: POST p50 / p99 at half its peak (${Math.round(mini.rate)}/s)`,
          `${ms(med(mini.half, 'postP50'))} / ${ms(med(mini.half, 'postP99'))}`,
          '—',
          '—',
          'reported',
          undefined,
        ),
        row(
          'Mini: 202 → CONFIRMED p50 / p99 at half its peak',
          `${ms(med(mini.half, 'confirmP50'))} / ${ms(med(mini.half, 'confirmP99'))}`,
          '—',
          '—',
          'reported',
          undefined,
        ),
      );
    }
    const table = renderTable(rows);
    process.stdout.write(`\n${table}\n`);
    await writeReport(table, database, baselineRuns, replayRuns, macro, mini);
  } finally {
    await app?.stop();
    await baselineDatabase?.drop();
    await database.drop();
  }
}

function row(
  measure: string,
  tessera: string,
  baseline: string,
  ratioText: string,
  target: string,
  met: boolean | undefined,
): Row {
  return {
    measure,
    tessera,
    baseline,
    ratio: ratioText,
    target,
    met: met === undefined ? '' : met ? 'met' : '**missed**',
  };
}

function renderTable(rows: Row[]): string {
  const lines = ['| measure | Tessera | baseline | ratio | target | |', '|---|---|---|---|---|---|'];
  for (const r of rows)
    lines.push(`| ${r.measure} | ${r.tessera} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met} |`);
  return lines.join('\n');
}

async function writeReport(
  table: string,
  database: BenchDatabase,
  baselineRuns: number[],
  replayRuns: number[],
  macro: { peak: OrderRun[] },
  mini: { peak: OrderRun[] } | undefined,
): Promise<void> {
  const path = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
  const generated = [
    '<!-- bench:begin (generated by npm run bench; do not edit by hand) -->',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench\` (BENCH_RUNS=${RUNS}, BENCH_SECONDS=${SECONDS}, ${CONCURRENCY} concurrent clients).`,
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; PostgreSQL ${database.serverVersion} (${database.embedded ? 'embedded, default durable settings' : 'DATABASE_URL'}), on the same cores as the application and the load generators.`,
    '',
    table,
    '',
    `Runs: lean saga ${baselineRuns.map((value) => Math.round(value)).join(', ')} orders/s; replay ${replayRuns.map((value) => Math.round(value)).join(', ')} orders/s; macro ${macro.peak.map((run) => Math.round(run.confirmedPerSecond)).join(', ')} confirmed/s${mini ? `; mini ${mini.peak.map((run) => Math.round(run.confirmedPerSecond)).join(', ')} confirmed/s` : ''}.`,
    '<!-- bench:end -->',
  ].join('\n');
  let document: string;
  try {
    document = await readFile(path, 'utf8');
  } catch {
    document = '# Benchmarks\n\n<!-- bench:begin --><!-- bench:end -->\n';
  }
  const updated = document.replace(/<!-- bench:begin[\s\S]*?<!-- bench:end -->/, generated);
  await writeFile(path, updated.includes('bench:begin') ? updated : `${document}\n${generated}\n`);
  log(`wrote ${path}`);
}

await main();
