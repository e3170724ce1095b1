import { cpus, loadavg, totalmem } from 'node:os';
import { BROKER_URL, brokerAnswers } from '../broker.js';
import { type BenchDatabase, createBenchDatabase } from './bench-database.js';
import { runChild } from './child.js';
import { deploy, type Stage, settled } from './deployment.js';
import { registerCustomers } from './shop.js';
import { median, percentile } from './stats.js';

/**
 * `npm run bench:stages`: what each extraction stage costs on this machine —
 * processes, resident memory, p50/p99 latency of placing an order
 * (POST /api/orders → 202) and network calls per order — measured on real
 * processes started exactly as `npm start` starts them, configured as
 * docs/extraction-playbook.md configures them, against one PostgreSQL server
 * (DATABASE_URL, or an embedded cluster with durable default settings) and
 * RabbitMQ (BROKER_URL).
 *
 * Per stage, on fresh databases and processes: sign up customers, warm up,
 * wait until everything has settled, read /metrics of every process, place
 * ORDERS orders from CUSTOMERS concurrent customers (a closed loop, from a
 * separate process), wait until every order is final and every outbox
 * delivered, read /metrics again. Calls per order are the differences divided
 * by ORDERS: HTTP facade calls and proxy hops from
 * `tessera_remote_call_duration_seconds_count`, broker messages from
 * `tessera_events_delivered_total` (published) and
 * `tessera_events_handled_total` (consumed); database round trips are not
 * counted. The stages take turns for ROUNDS rounds; every figure is the
 * median over the rounds. Prints a markdown table for the playbook.
 * Environment: BENCH_ORDERS (300), BENCH_CUSTOMERS (4), BENCH_WARMUP (60), BENCH_ROUNDS (3).
 */
const ORDERS = Number(process.env.BENCH_ORDERS ?? 300);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 4);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PRODUCTS = 10;

const STAGES: Stage[] = [
  { label: 'macro' },
  { label: 'mini: catalog alone', extracted: 'catalog' },
  { label: 'micro: catalog alone, own database', extracted: 'catalog', ownDatabase: true },
  { label: 'mini: orders alone', extracted: 'orders' },
];

async function metricsOf(url: string): Promise<Map<string, number>> {
  const series = new Map<string, number>();
  for (const line of (await (await fetch(`${url}/metrics`)).text()).split('\n')) {
    const match = /^(tessera_[a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match) series.set(match[1], Number(match[2]));
  }
  return series;
}

/** Sum over every process of the series whose name and labels match, after minus before. */
function delta(before: Map<string, number>[], after: Map<string, number>[], pattern: RegExp): number {
  let total = 0;
  after.forEach((series, index) => {
    for (const [key, value] of series) if (pattern.test(key)) total += value - (before[index].get(key) ?? 0);
  });
  return total;
}

interface Result {
  readonly stage: Stage;
  readonly resident: { name: string; megabytes: number }[];
  readonly p50: number;
  readonly p99: number;
  readonly facadeCalls: number;
  readonly proxyHops: number;
  readonly published: number;
  readonly consumed: number;
}

async function measure(stage: Stage, server: BenchDatabase): Promise<Result> {
  const deployment = await deploy(stage, server);
  try {
    const tokens = await registerCustomers(deployment.mainUrl, CUSTOMERS);
    const place = (orders: number) =>
      runChild<{ latencies: number[]; failures: number }>('order-load', {
        baseUrl: deployment.mainUrl,
        tokens,
        productIds: deployment.productIds,
        durationMs: 600_000,
        concurrency: CUSTOMERS,
        orders,
      });
    await place(WARMUP);
    await settled(deployment);
    const urls = deployment.processes.map(({ launched }) => launched.url);
    const before = await Promise.all(urls.map(metricsOf));
    const { latencies, failures } = await place(ORDERS);
    if (failures > 0) throw new Error(`${failures} orders were not accepted in ${stage.label}`);
    await settled(deployment);
    const after = await Promise.all(urls.map(metricsOf));
    const perOrder = (pattern: RegExp) => delta(before, after, pattern) / ORDERS;
    return {
      stage,
      resident: deployment.processes.map(({ name, launched }) => ({ name, megabytes: launched.residentMegabytes() })),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      facadeCalls: perOrder(/^tessera_remote_call_duration_seconds_count\{(?=.*operation="(?!proxy")).*\}$/),
      proxyHops: perOrder(/^tessera_remote_call_duration_seconds_count\{(?=.*operation="proxy").*\}$/),
      published: perOrder(/^tessera_events_delivered_total\{/),
      consumed: perOrder(/^tessera_events_handled_total\{(?=.*outcome="handled").*\}$/),
    };
  } finally {
    await deployment.stop();
  }
}

/** One stage's rounds folded into one row: the median of every figure. */
function medianResult(results: Result[]): Result {
  const first = results[0];
  const of = (pick: (result: Result) => number) => median(results.map(pick));
  return {
    ...first,
    resident: first.resident.map((entry, index) => ({
      name: entry.name,
      megabytes: of((result) => result.resident[index].megabytes),
    })),
    p50: of((result) => result.p50),
    p99: of((result) => result.p99),
    facadeCalls: of((result) => result.facadeCalls),
    proxyHops: of((result) => result.proxyHops),
    published: of((result) => result.published),
    consumed: of((result) => result.consumed),
  };
}

const number = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

function table(results: Result[]): string {
  const rows = results.map((result) => {
    const memory = result.resident.reduce((sum, entry) => sum + entry.megabytes, 0);
    const memoryText =
      result.resident.length === 1
        ? `${Math.round(memory)} MB`
        : `${Math.round(memory)} MB (${result.resident.map((entry) => `${entry.name} ${Math.round(entry.megabytes)}`).join(' + ')})`;
    const http = result.facadeCalls + result.proxyHops;
    const httpText =
      http === 0
        ? '0'
        : `${number(http)} (${[result.facadeCalls > 0 ? `${number(result.facadeCalls)} facade` : '', result.proxyHops > 0 ? `${number(result.proxyHops)} proxy` : ''].filter(Boolean).join(' + ')})`;
    const brokerText = result.stage.extracted
      ? `${number(result.published + result.consumed)} (${number(result.published)} published + ${number(result.consumed)} consumed)`
      : `0 (${number(result.published)} events on the in-process bus)`;
    return `| ${result.stage.label} | ${result.resident.length} | ${memoryText} | ${result.p50.toFixed(1)} ms | ${result.p99.toFixed(1)} ms | ${httpText} | ${brokerText} |`;
  });
  return [
    '| stage | processes | resident memory (after the run) | POST /api/orders p50 | p99 | HTTP calls between processes per order | broker messages per order |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  if (!(await brokerAnswers()))
    throw new Error(
      `no RabbitMQ answers at ${BROKER_URL.replace(/\/\/[^@]*@/, '//')} (set BROKER_URL): mini and micro need it`,
    );
  // The server (embedded unless DATABASE_URL) and a template for the stages' fresh databases.
  const server = await createBenchDatabase(PRODUCTS);
  const rounds: Result[][] = STAGES.map(() => []);
  const loadBefore = loadavg();
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [index, stage] of STAGES.entries()) {
        process.stderr.write(`stage-costs: round ${round}/${ROUNDS}, ${stage.label}…\n`);
        const result = await measure(stage, server);
        process.stderr.write(
          `stage-costs:   p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, load ${loadavg()[0].toFixed(2)}\n`,
        );
        rounds[index].push(result);
      }
    }
  } finally {
    await server.drop();
  }
  const loadAfter = loadavg();
  process.stdout.write(
    [
      `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench:stages\` on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ` +
        `${Math.round(totalmem() / 1024 ** 3)} GiB memory, Node.js ${process.version}, ` +
        `${server.embedded ? `embedded PostgreSQL ${server.serverVersion}` : 'PostgreSQL from DATABASE_URL'} and RabbitMQ on the same machine; ` +
        `${ORDERS} orders from ${CUSTOMERS} concurrent customers after ${WARMUP} warm-up orders per stage; median of ${ROUNDS} rounds; ` +
        `load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')} before, ${loadAfter.map((value) => value.toFixed(2)).join(' ')} after.`,
      '',
      table(rounds.map(medianResult)),
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`stage-costs: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
