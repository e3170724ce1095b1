import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TESSERA_MODULES } from '../../src/module-registry.js';
import { BROKER_URL, deleteBrokerNamespace } from '../broker.js';
import type { BenchDatabase } from './bench-database.js';
import { freePort, type Launched, launch } from './launcher.js';

export const JWT_SECRET = randomBytes(32).toString('hex');
const SERVICE_TOKEN = randomBytes(32).toString('hex');
const MODULES = TESSERA_MODULES.map((module) => module.name);

/** One topology of the extraction playbook: macro, one module in its own process (mini), and on its own database (micro). */
export interface Stage {
  readonly label: string;
  readonly extracted?: string;
  readonly ownDatabase?: boolean;
}

export interface Deployment {
  readonly processes: { name: string; launched: Launched }[];
  readonly mainUrl: string;
  /** Where the catalog's products live (its own database in micro). */
  readonly productIds: string[];
  /** The database holding the orders (the shared one). */
  readonly ordersDatabase: string;
  /** Every database the stage writes to, to wait for its outboxes to drain. */
  readonly databases: string[];
  stop(): Promise<void>;
}

export interface DeployOptions {
  /** Rewrites each database URL the processes get, e.g. through a round-trip counter. */
  readonly viaDatabase?: (url: string) => string;
  /** Given to every process of the stage, e.g. an OTLP endpoint. */
  readonly env?: Record<string, string>;
}

/** The processes of one stage, configured as in docs/extraction-playbook.md, on fresh databases. */
export async function deploy(stage: Stage, server: BenchDatabase, options: DeployOptions = {}): Promise<Deployment> {
  const via = options.viaDatabase ?? ((url: string) => url);
  const shared = await server.sibling();
  const own = stage.ownDatabase ? await server.sibling() : undefined;
  const namespace = `stages-${randomBytes(4).toString('hex')}`;
  const [mainPort, extractedPort] = [await freePort(), await freePort()];
  const mainUrl = `http://127.0.0.1:${mainPort}`;
  // Every simulated customer signs up from 127.0.0.1: lift the per-address sign-up budget.
  const common = {
    DATABASE_URL: via(shared.url),
    JWT_SECRET,
    REGISTRATION_MAX_PER_ADDRESS: '100000',
    ...options.env,
  };
  const specs: { name: string; env: Record<string, string> }[] = [];
  if (!stage.extracted) {
    specs.push({ name: 'main', env: { ...common, PORT: String(mainPort) } });
  } else {
    const extracted = stage.extracted;
    const split = { SERVICE_TOKEN, BROKER_URL, BROKER_NAMESPACE: namespace };
    specs.push({
      name: 'main',
      env: {
        ...common,
        ...split,
        PORT: String(mainPort),
        MODULES: MODULES.filter((module) => module !== extracted).join(','),
        [`${extracted.toUpperCase()}_URL`]: `http://127.0.0.1:${extractedPort}`,
      },
    });
    specs.push({
      name: extracted,
      env: {
        ...common,
        ...split,
        PORT: String(extractedPort),
        MODULES: extracted,
        TRUST_PROXY: 'loopback',
        ...(own ? { [`${extracted.toUpperCase()}_DATABASE_URL`]: via(own.url) } : {}),
        // orders calls catalog, which stays in the main process
        ...(extracted === 'orders' ? { CATALOG_URL: mainUrl } : {}),
      },
    });
  }
  // Together: in mini, each process's health waits for the other.
  const started = await Promise.allSettled(
    specs.map(async (spec) => ({ name: spec.name, launched: await launch(spec.env) })),
  );
  const processes = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const stop = async () => {
    await Promise.all(processes.map(({ launched }) => launched.stop()));
    if (stage.extracted) await deleteBrokerNamespace(namespace, MODULES);
    await shared.drop();
    await own?.drop();
  };
  const failed = started.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return {
    processes,
    mainUrl,
    productIds: (own ?? shared).productIds,
    ordersDatabase: shared.url,
    databases: [shared.url, ...(own ? [own.url] : [])],
    stop,
  };
}

/** Until no order is PENDING and every outbox of every database is delivered. */
export async function settled(deployment: Deployment): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    let waiting = 0;
    for (const url of deployment.databases) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM orders.orders WHERE status = 'PENDING')
              + ${MODULES.map((module) => `(SELECT count(*) FROM ${module}.outbox WHERE delivered_at IS NULL)`).join(' + ')} AS n`,
      );
      await client.end();
      waiting += Number(rows[0].n);
    }
    if (waiting === 0) break;
    if (Date.now() > deadline)
      throw new Error(`not settled after 120 s: ${waiting} pending orders or undelivered events`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 300)); // counters are incremented around the commits just seen
}
