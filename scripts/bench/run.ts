import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BROKER_URL, brokerAnswers } from '../broker.js';
import { createBenchDatabase, type BenchDatabase, settledOrders } from './bench-database.js';
import { runChild } from './child.js';
import { deploy, type Deployment, JWT_SECRET, settled, type Stage } from './deployment.js';
import { SpanSink } from './span-sink.js';
import { registerCustomers } from './shop.js';
import { freePort, launch } from './launcher.js';
import { RoundTripCounter } from './round-trip-counter.js';
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
/** Orders placed through the round-trip counter, after a warm-up and with everything settled before and after. */
const COUNTED_ORDERS = 300;
/** What to run: a subset of these speeds up one measurement while working on it (BENCH_PARTS=orders). */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'orders,reads,tracing,startup,mini,micro').split(','));
const MINI: Stage = { label: 'mini', extracted: 'catalog' };
const MICRO: Stage = { label: 'micro', extracted: 'catalog', ownDatabase: true };

interface OrderRun {
  readonly confirmedPerSecond: number;
  readonly postP50: number;
  readonly postP99: number;
  readonly confirmP50: number;
  readonly confirmP99: number;
  readonly accepted: number;
  /** CPU time of the Tessera processes per confirmed order, from the first POST until every order settled. */
  readonly cpuMsPerOrder: number;
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
  deployment: Deployment,
  tokens: string[],
  load: { concurrency?: number; rate?: number; seconds: number },
): Promise<OrderRun> {
  const cpu = () => deployment.processes.reduce((sum, { launched }) => sum + launched.cpuSeconds(), 0);
  const cpuBefore = cpu();
  const result = await runChild<{ latencies: number[]; ids: string[]; failures: number }>('order-load', {
    baseUrl: deployment.mainUrl,
    tokens,
    productIds: deployment.productIds,
    durationMs: load.seconds * 1000,
    concurrency: load.concurrency,
    rate: load.rate,
  });
  if (result.failures > 0) log(`${result.failures} orders were not accepted`);
  const settled = await settledOrders(deployment.ordersDatabase, result.ids);
  return {
    cpuMsPerOrder: ((cpu() - cpuBefore) * 1000) / Math.max(1, settled.confirmed),
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
  deployment: Deployment,
  label: string,
  beforeEachPeak?: () => Promise<void>,
): Promise<OrderBenchmark> {
  const tokens = await registerCustomers(deployment.mainUrl, CUSTOMERS);
  log(`${label}: warming up`);
  await orderRun(deployment, tokens, { concurrency: 16, seconds: 3 });
  const peak: OrderRun[] = [];
  for (let run = 1; run <= RUNS; run++) {
    await beforeEachPeak?.();
    peak.push(await orderRun(deployment, tokens, { concurrency: CONCURRENCY, seconds: SECONDS }));
    log(
      `${label}: peak run ${run}: ${round(peak.at(-1)!.confirmedPerSecond)} confirmed orders/s, ${round(peak.at(-1)!.cpuMsPerOrder, 2)} ms CPU per order`,
    );
  }
  const rate = median(peak.map((run) => run.confirmedPerSecond)) / 2;
  const half: OrderRun[] = [];
  for (let run = 1; run <= RUNS; run++) {
    half.push(await orderRun(deployment, tokens, { rate, seconds: SECONDS }));
    log(
      `${label}: half-peak run ${run} at ${round(rate)}/s: POST p99 ${round(half.at(-1)!.postP99)} ms, CONFIRMED p99 ${round(half.at(-1)!.confirmP99)} ms`,
    );
  }
  return { peak, half, rate };
}

interface OrderBenchmark {
  readonly peak: OrderRun[];
  readonly half: OrderRun[];
  readonly rate: number;
}

/**
 * Database round trips per order on the order path, counted at the wire on a deployment of its own
 * whose every connection goes through the counter (it adds latency, so throughput is never taken
 * from it): a warm-up, everything settled, then COUNTED_ORDERS orders until everything settled again.
 */
async function countRoundTrips(server: BenchDatabase, stage: Stage): Promise<number> {
  const counter = await RoundTripCounter.start(server.url);
  const deployment = await deploy(stage, server, { viaDatabase: (url) => counter.urlFor(url) });
  try {
    const tokens = await registerCustomers(deployment.mainUrl, 8);
    const place = (orders: number) =>
      runChild('order-load', {
        baseUrl: deployment.mainUrl,
        tokens,
        productIds: deployment.productIds,
        durationMs: 600_000,
        concurrency: 8,
        orders,
      });
    await place(50);
    await settled(deployment);
    const before = counter.roundTrips;
    await place(COUNTED_ORDERS);
    await settled(deployment);
    return (counter.roundTrips - before) / COUNTED_ORDERS;
  } finally {
    await deployment.stop();
    await counter.stop();
  }
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
  // The server (embedded unless DATABASE_URL); every deployment and baseline gets fresh databases on it.
  const server = await createBenchDatabase(PRODUCTS);
  const deployments: Deployment[] = [];
  const deployed = async (stage: Stage) => {
    const deployment = await deploy(stage, server);
    deployments.push(deployment);
    return deployment;
  };
  try {
    const baselineOn = await server.sibling();
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
    const app = await deployed({ label: 'macro' });
    const macro = await orderBenchmark(app, 'macro', baselineRun);
    await baselineOn.drop();
    const residentMegabytes = app.processes[0].launched.residentMegabytes();
    log('round trips per order: macro on a deployment of its own, every connection through the counter');
    const roundTrips = await countRoundTrips(server, { label: 'macro' });
    log(`macro: ${round(roundTrips, 1)} database round trips per order`);

    const results: Results = {
      macro,
      lean: leanRuns,
      leanClients,
      replay: replayRuns,
      roundTrips,
      residentMegabytes,
    };
    if (PARTS.has('reads')) {
      log('catalog reads: Tessera vs a minimal Fastify + pg handler, in alternation');
      const minimal = await startMinimalServer(app.ordersDatabase);
      const byId = app.productIds.slice(0, 20).map((id) => `/api/catalog/products/${id}`);
      const targets = { tessera: app.mainUrl, minimal: minimal.url };
      results.reads = {
        byId: await readBenchmark(targets, byId),
        list: await readBenchmark(targets, ['/api/catalog/products?limit=20']),
      };
      await minimal.stop();
    }
    if (PARTS.has('tracing')) results.tracing = await tracingBenchmark(app, server);
    await app.stop();
    deployments.splice(deployments.indexOf(app), 1);

    if (PARTS.has('startup')) {
      log('start-up: process start to /health 200, database already initialised');
      const initialised = await server.sibling();
      results.startups = [];
      for (let run = 0; run < RUNS; run++) {
        const started = await launch({ DATABASE_URL: initialised.url, JWT_SECRET });
        results.startups.push(started.startupMs);
        await started.stop();
      }
      await initialised.drop();
    }

    for (const stage of [MINI, MICRO]) {
      if (!PARTS.has(stage.label)) continue;
      if (!(await brokerAnswers())) {
        log(`${stage.label}: skipped, no RabbitMQ at ${BROKER_URL}`);
        continue;
      }
      log(
        `${stage.label}: catalog extracted${stage.ownDatabase ? ' onto its own database' : ''}, events through RabbitMQ`,
      );
      const split = await deployed(stage);
      results[stage.label as 'mini' | 'micro'] = await orderBenchmark(split, stage.label);
      await split.stop();
      deployments.splice(deployments.indexOf(split), 1);
    }

    const table = renderTable(rowsOf(results));
    process.stdout.write(`\n${table}\n`);
    if (process.argv.includes('--write')) await writeReport(table, server, results);
  } finally {
    for (const deployment of deployments) await deployment.stop();
    await server.drop();
  }
}

/** A traced macro deployment's runs, beside the untraced one's taken right before each. */
interface TracedRuns {
  readonly label: string;
  readonly off: number[];
  readonly on: number[];
  readonly exportedKilobytesPerOrder: number;
}

/** Traced deployments of the tracing benchmark: every span of every order, and whole orders sampled at 10%. */
const TRACED_VARIANTS = [
  { label: 'every span exported', env: {} },
  {
    label: '10% of orders sampled',
    env: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
  },
] as const;

/**
 * Tracing's cost: macro deployments exporting spans (OTLP/HTTP protobuf) to a sink each, their peak runs
 * alternated with the untraced deployment's, so that each pair sees the same machine.
 */
async function tracingBenchmark(untraced: Deployment, server: BenchDatabase): Promise<TracedRuns[]> {
  log('tracing: macro exporting spans to a sink, alternated with macro untraced');
  const offTokens = await registerCustomers(untraced.mainUrl, CUSTOMERS);
  const results: TracedRuns[] = [];
  for (const variant of TRACED_VARIANTS) {
    const sink = await SpanSink.start();
    const traced = await deploy({ label: 'macro traced' }, server, {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, ...variant.env },
    });
    try {
      results.push(await compareTracing(variant.label, { untraced, offTokens }, traced, sink));
    } finally {
      await traced.stop();
      await sink.stop();
    }
  }
  return results;
}

async function compareTracing(
  label: string,
  { untraced, offTokens }: { untraced: Deployment; offTokens: string[] },
  traced: Deployment,
  sink: SpanSink,
): Promise<TracedRuns> {
  const tokens = await registerCustomers(traced.mainUrl, CUSTOMERS);
  await orderRun(traced, tokens, { concurrency: 16, seconds: 3 });
  const runs = { off: [] as number[], on: [] as number[] };
  let tracedOrders = 0;
  const bytesBefore = sink.bytes;
  for (let run = 1; run <= RUNS; run++) {
    const off = await orderRun(untraced, offTokens, { concurrency: CONCURRENCY, seconds: SECONDS });
    const on = await orderRun(traced, tokens, { concurrency: CONCURRENCY, seconds: SECONDS });
    runs.off.push(off.confirmedPerSecond);
    runs.on.push(on.confirmedPerSecond);
    tracedOrders += on.accepted;
    log(
      `tracing, ${label}, run ${run}: off ${round(off.confirmedPerSecond)}/s, on ${round(on.confirmedPerSecond)}/s (${round(on.cpuMsPerOrder, 2)} ms CPU per order)`,
    );
  }
  // The last batch leaves within the exporter's delay (5 s): wait for it before counting what went out.
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  return { label, ...runs, exportedKilobytesPerOrder: (sink.bytes - bytesBefore) / 1e3 / Math.max(1, tracedOrders) };
}

interface Results {
  readonly macro: OrderBenchmark;
  readonly lean: LeanRun[];
  readonly leanClients: number;
  readonly replay: number[];
  readonly roundTrips: number;
  readonly residentMegabytes: number;
  reads?: { byId: ReadComparison; list: ReadComparison };
  tracing?: TracedRuns[];
  startups?: number[];
  mini?: OrderBenchmark;
  micro?: OrderBenchmark;
}

type ReadComparison = { tessera: ReadResult; minimal: ReadResult };

const med = (runs: OrderRun[], key: keyof OrderRun) => median(runs.map((run) => run[key]));

/** The table: every measure beside its baseline, with the target it is held to. */
function rowsOf(results: Results): Row[] {
  const { macro } = results;
  const lean = median(results.lean.map((run) => run.ordersPerSecond));
  const leanRoundTrips = median(results.lean.map((run) => run.roundTripsPerOrder));
  const replay = median(results.replay);
  const macroRate = med(macro.peak, 'confirmedPerSecond');
  const rows: Row[] = [
    row(
      'Confirmed orders per second (macro)',
      perSecond(macroRate),
      `${perSecond(lean)} lean saga (${results.leanClients} clients)`,
      ratio(macroRate, lean),
      '≥ 50%',
      share(macroRate, lean, 0.5),
    ),
    row(
      "Framework cost: macro vs a replay of Tessera's own statements",
      perSecond(macroRate),
      `${perSecond(replay)} replay`,
      ratio(macroRate, replay),
      'reported',
      undefined,
    ),
    row(
      'Database round trips per order (macro)',
      String(round(results.roundTrips, 1)),
      `${round(leanRoundTrips, 1)} lean saga`,
      '—',
      'reported',
      undefined,
    ),
    row(
      'CPU of the Tessera process per confirmed order (macro, peak)',
      ms(med(macro.peak, 'cpuMsPerOrder')),
      '—',
      '—',
      'reported',
      undefined,
    ),
    row(
      `POST /api/orders p50 / p99 at half peak (${Math.round(macro.rate)}/s)`,
      `${ms(med(macro.half, 'postP50'))} / ${ms(med(macro.half, 'postP99'))}`,
      '—',
      '—',
      'p99 < 25 ms',
      under(med(macro.half, 'postP99'), 25, 'ms'),
    ),
    row(
      '202 → CONFIRMED p50 / p99 at half peak',
      `${ms(med(macro.half, 'confirmP50'))} / ${ms(med(macro.half, 'confirmP99'))}`,
      '—',
      '—',
      'p99 < 100 ms',
      under(med(macro.half, 'confirmP99'), 100, 'ms'),
    ),
  ];
  if (results.reads) {
    for (const [label, read] of [
      ['GET /api/catalog/products/:id (rps, p99)', results.reads.byId],
      ['GET /api/catalog/products?limit=20 (rps, p99)', results.reads.list],
    ] as const) {
      rows.push(
        row(
          label,
          `${perSecond(read.tessera.rps)}, ${ms(read.tessera.p99)}`,
          `${perSecond(read.minimal.rps)}, ${ms(read.minimal.p99)}`,
          ratio(read.tessera.rps, read.minimal.rps),
          '≥ 80%',
          share(read.tessera.rps, read.minimal.rps, 0.8),
        ),
      );
    }
  }
  for (const traced of results.tracing ?? []) {
    const off = median(traced.off);
    const on = median(traced.on);
    rows.push(
      row(
        `Confirmed orders per second with tracing on (macro, ${traced.label}, ${round(traced.exportedKilobytesPerOrder, 1)} kB per order)`,
        perSecond(on),
        `${perSecond(off)} tracing off`,
        ratio(on, off),
        '≥ 90%',
        share(on, off, 0.9),
      ),
    );
  }
  if (results.startups) {
    const startup = median(results.startups);
    rows.push(
      row(
        'Start-up to /health 200 (initialised database)',
        ms(startup),
        '—',
        '—',
        '< 2000 ms',
        under(startup, 2000, 'ms'),
      ),
    );
  }
  rows.push(
    row(
      'Resident memory after the order load (macro)',
      `${Math.round(results.residentMegabytes)} MB`,
      '—',
      '—',
      '< 250 MB',
      under(results.residentMegabytes, 250, 'MB'),
    ),
  );
  for (const [label, split, target] of [
    ['mini: catalog in its own process', results.mini, 0.7],
    ['micro: catalog on its own database too', results.micro, undefined],
  ] as const) {
    if (!split) continue;
    const rate = med(split.peak, 'confirmedPerSecond');
    rows.push(
      row(
        `Confirmed orders per second (${label})`,
        perSecond(rate),
        `${perSecond(macroRate)} macro`,
        ratio(rate, macroRate),
        target ? `≥ ${target * 100}% of macro` : 'reported',
        target ? share(rate, macroRate, target) : undefined,
      ),
      row(
        `${label.split(':')[0]}: POST p50 / p99, 202 → CONFIRMED p50 / p99 at half its peak (${Math.round(split.rate)}/s)`,
        `${ms(med(split.half, 'postP50'))} / ${ms(med(split.half, 'postP99'))}; ${ms(med(split.half, 'confirmP50'))} / ${ms(med(split.half, 'confirmP99'))}`,
        '—',
        '—',
        'reported',
        undefined,
      ),
    );
  }
  return rows;
}

function row(
  measure: string,
  tessera: string,
  baseline: string,
  ratioText: string,
  target: string,
  check: Check | undefined,
): Row {
  return {
    measure,
    tessera,
    baseline,
    ratio: ratioText,
    target,
    met: check === undefined ? '' : check.met ? 'met' : `**missed** by ${check.by}`,
  };
}

/** Whether a target holds, and by how much it is missed when it does not. */
interface Check {
  readonly met: boolean;
  readonly by: string;
}

/** At least `floor` of `base`; a miss is counted in percentage points. */
function share(value: number, base: number, floor: number): Check {
  return { met: value >= base * floor, by: `${Math.round((floor - value / base) * 100)} points` };
}

/** Below `ceiling`; a miss is counted in the measure's unit. */
function under(value: number, ceiling: number, unit: string): Check {
  return { met: value < ceiling, by: `${round(value - ceiling, 1)} ${unit}` };
}

function renderTable(rows: Row[]): string {
  const lines = ['| measure | Tessera | baseline | ratio | target | |', '|---|---|---|---|---|---|'];
  for (const r of rows)
    lines.push(`| ${r.measure} | ${r.tessera} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met} |`);
  return lines.join('\n');
}

async function writeReport(table: string, server: BenchDatabase, results: Results): Promise<void> {
  const path = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
  const runs = (label: string, values: number[], unit: string) =>
    `${label} ${values.map((value) => Math.round(value)).join(', ')} ${unit}`;
  const confirmed = (split: OrderBenchmark) => split.peak.map((run) => run.confirmedPerSecond);
  const generated = [
    '<!-- bench:begin (generated by npm run bench -- --write; do not edit by hand) -->',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench -- --write\` (BENCH_RUNS=${RUNS}, BENCH_SECONDS=${SECONDS}, ${CONCURRENCY} concurrent clients).`,
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}; PostgreSQL ${server.serverVersion} (${server.embedded ? 'embedded, default durable settings' : 'DATABASE_URL'}), on the same cores as the application and the load generators.`,
    '',
    table,
    '',
    `Runs: ${[
      runs(
        'lean saga',
        results.lean.map((run) => run.ordersPerSecond),
        'orders/s',
      ),
      runs('replay', results.replay, 'orders/s'),
      runs('macro', confirmed(results.macro), 'confirmed/s'),
      ...(results.mini ? [runs('mini', confirmed(results.mini), 'confirmed/s')] : []),
      ...(results.micro ? [runs('micro', confirmed(results.micro), 'confirmed/s')] : []),
    ].join('; ')}.`,
    '<!-- bench:end -->',
  ].join('\n');
  const document = await readFile(path, 'utf8');
  if (!document.includes('<!-- bench:begin'))
    throw new Error(`${path} has no <!-- bench:begin … bench:end --> markers`);
  await writeFile(path, document.replace(/<!-- bench:begin[\s\S]*?<!-- bench:end -->/, generated));
  log(`wrote ${path}`);
}

await main();
