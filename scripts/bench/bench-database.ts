import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { TESSERA_MODULES } from '../../src/module-registry.js';
import { EmbeddedDatabase } from '../../src/shared/database/embedded/embedded-database.js';
import { openModuleDatabase } from '../../src/shared/database/module-database/open-module-database.js';
import { singleServerRuntime } from '../../src/shared/database/database-runtime.js';
import { v7 as uuidV7 } from 'uuid';

export interface BenchDatabase {
  /** Owner connection to the benchmark database. */
  readonly url: string;
  readonly serverVersion: string;
  readonly embedded: boolean;
  readonly productIds: string[];
  /**
   * Another database on the same server, migrated and seeded the same way: the
   * raw-SQL baseline runs there, so Tessera's relay (running meanwhile, for
   * interleaved runs) never picks up the baseline's outbox rows.
   */
  sibling(): Promise<BenchDatabase>;
  drop(): Promise<void>;
}

/**
 * A fresh database, migrated like production, with products that never run out
 * (so every order is confirmed and both sides do the same work). PostgreSQL is
 * the one in DATABASE_URL, or an embedded cluster with default, durable
 * settings (fsync and synchronous commit on), as `npm start` runs it.
 */
export async function createBenchDatabase(products: number): Promise<BenchDatabase> {
  let server: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-'));
    await chmod(dataDir, 0o755);
    server = await EmbeddedDatabase.start({
      dataDir,
      port: 54000 + Math.floor(Math.random() * 900),
      logger: pino({ level: 'warn' }),
    });
    serverUrl = server.adminUrl;
  }
  return createOn(serverUrl, products, server !== undefined, async () => {
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
}

async function createOn(
  serverUrl: string,
  products: number,
  embedded: boolean,
  stopServer: () => Promise<void>,
): Promise<BenchDatabase> {
  const name = `tessera_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const serverVersion = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const runtime = singleServerRuntime(url.toString(), {
    poolSize: 2,
    statementTimeoutMs: 60_000,
    migrateOnStart: true,
  });
  for (const module of TESSERA_MODULES) {
    const dataSource = await openModuleDatabase(module.database, runtime, pino({ level: 'warn' }), { migrate: true });
    await dataSource.destroy();
  }
  const productIds = Array.from({ length: products }, () => uuidV7());
  const seed = new pg.Client({ connectionString: url.toString() });
  await seed.connect();
  await seed.query(
    `INSERT INTO catalog.products (id, sku, name, description, price_cents, stock)
     SELECT id, 'BENCH-' || ordinality, 'Bench product ' || ordinality, 'A product for benchmarks', 1000, 1000000000
       FROM unnest($1::uuid[]) WITH ORDINALITY AS p(id, ordinality)`,
    [productIds],
  );
  await seed.end();
  return {
    url: url.toString(),
    serverVersion,
    embedded,
    productIds,
    sibling: () => createOn(serverUrl, products, embedded, async () => undefined),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      await stopServer();
    },
  };
}

/**
 * Waits until the saga of every given order is done — final, and when confirmed, its shipment shown on
 * it (the last step) — and returns their placement-to-confirmation times and the span from the first
 * placement to the last step, so a backlog left behind the confirmations counts against the run.
 */
export async function settledOrders(
  url: string,
  ids: readonly string[],
  timeoutMs = 120_000,
): Promise<{ confirmMs: number[]; confirmed: number; spanSeconds: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM orders.orders o
          WHERE o.id = ANY($1::uuid[])
            AND (o.status = 'PENDING' OR (o.status = 'CONFIRMED' AND NOT EXISTS (SELECT FROM orders.order_shipments s WHERE s.order_id = o.id)))`,
        [ids],
      );
      if (Number(pending.rows[0].n) === 0) break;
      if (Date.now() > deadline)
        throw new Error(`${pending.rows[0].n} orders still PENDING or without their shipment after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const rows = await client.query<{ ms: number; created: Date; updated: Date }>(
      `SELECT extract(epoch FROM (o.updated_at - o.created_at)) * 1000 AS ms, o.created_at AS created, s.updated_at AS updated
         FROM orders.orders o JOIN orders.order_shipments s ON s.order_id = o.id
        WHERE o.id = ANY($1::uuid[]) AND o.status = 'CONFIRMED'`,
      [ids],
    );
    const first = Math.min(...rows.rows.map((row) => row.created.getTime()));
    const last = Math.max(...rows.rows.map((row) => row.updated.getTime()));
    return {
      confirmMs: rows.rows.map((row) => Number(row.ms)),
      confirmed: rows.rowCount ?? 0,
      spanSeconds: (last - first) / 1000,
    };
  } finally {
    await client.end();
  }
}
