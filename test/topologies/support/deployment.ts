import { randomBytes } from 'node:crypto';
import { freePort } from '../../support/free-port.js';
import { TEST_ADMIN, TEST_JWT_SECRET, TEST_SIGN_UPS } from '../../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { TesseraProcess } from '../../support/tessera-process.js';
import { BROKER_URL, deleteBrokerNamespace } from './broker.js';
import { ALL_MODULES, type ModuleName, type Stage, stageProcesses } from './stage-processes.js';

export { ALL_MODULES, type ModuleName, type Stage } from './stage-processes.js';

interface ProcessSpec {
  readonly name: string;
  readonly env: Record<string, string | undefined>;
  readonly port: number;
}

/**
 * A whole Tessera deployment of one stage, as real processes started from the
 * build: macro (one process), mini (one module alone beside the rest, events
 * through RabbitMQ), micro (as mini, the extracted module on its own database).
 * Clients use `baseUrl`, the process that serves the public API.
 */
/** The browser origin every process of a test deployment lets call the API. */
export const STOREFRONT_ORIGIN = 'https://shop.example.com';

export class Deployment {
  readonly processes = new Map<string, TesseraProcess>();

  private constructor(
    readonly namespace: string,
    readonly stage: Stage,
    readonly database: TestDatabase,
    readonly ownDatabase: TestDatabase | undefined,
    private readonly specs: Map<string, ProcessSpec>,
    readonly baseUrl: string,
  ) {}

  /** `adjust` rewrites a process's environment last, e.g. to route its connections through a proxy. */
  static async start(
    stage: Stage,
    extraEnv: Record<string, string> = {},
    adjust: (name: string, env: ProcessSpec['env']) => ProcessSpec['env'] | Promise<ProcessSpec['env']> = (_, env) =>
      env,
  ): Promise<Deployment> {
    const namespace = `topology-${randomBytes(4).toString('hex')}`;
    const serviceToken = `service-${randomBytes(24).toString('hex')}`;
    const database = await createTestDatabase();
    const ownDatabase = stage.kind === 'micro' ? await createTestDatabase() : undefined;
    const common = {
      DATABASE_URL: database.url,
      JWT_SECRET: TEST_JWT_SECRET,
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      LOG_LEVEL: 'warn',
      CORS_ORIGINS: STOREFRONT_ORIGIN,
      RELAY_POLL_INTERVAL_MS: '250',
      EVENT_RETRY_BASE_MS: '50',
      EVENT_RETRY_MAX_MS: '1000',
      BREAKER_RESET_MS: '1000',
      ...TEST_SIGN_UPS,
      // A file cannot hold a folder: an embedded database could never start here by mistake, even as root.
      TESSERA_DATA_DIR: '/dev/null/never-used',
      ...extraEnv,
    };
    const specs = new Map<string, ProcessSpec>();
    const mainPort = await freePort();
    if (stage.kind === 'macro') {
      specs.set('main', { name: 'main', port: mainPort, env: { ...common, PORT: String(mainPort) } });
    } else {
      const extractedPort = await freePort();
      const split = {
        BROKER_URL: extraEnv.BROKER_URL ?? BROKER_URL,
        SERVICE_TOKEN: serviceToken,
        BROKER_NAMESPACE: namespace,
      };
      const urlOf = (module: ModuleName) =>
        module === stage.extracted ? `http://127.0.0.1:${extractedPort}` : `http://127.0.0.1:${mainPort}`;
      for (const layout of stageProcesses(stage)) {
        const port = layout.name === 'main' ? mainPort : extractedPort;
        specs.set(layout.name, {
          name: layout.name,
          port,
          env: {
            ...common,
            ...split,
            MODULES: layout.hosts.join(','),
            PORT: String(port),
            ...Object.fromEntries(layout.reaches.map((module) => [`${module.toUpperCase()}_URL`, urlOf(module)])),
            // Client addresses arrive at an extracted module through the main process's proxy.
            ...(layout.name === 'main' ? {} : { TRUST_PROXY: 'loopback' }),
            ...(ownDatabase
              ? Object.fromEntries(
                  layout.ownDatabases.map((module) => [`${module.toUpperCase()}_DATABASE_URL`, ownDatabase.url]),
                )
              : {}),
          },
        });
      }
    }
    for (const spec of specs.values()) specs.set(spec.name, { ...spec, env: await adjust(spec.name, spec.env) });
    const deployment = new Deployment(namespace, stage, database, ownDatabase, specs, `http://127.0.0.1:${mainPort}`);
    try {
      await Promise.all([...specs.keys()].map((name) => deployment.startProcess(name)));
    } catch (error) {
      await deployment.stop();
      throw error;
    }
    return deployment;
  }

  urlOf(name: string): string {
    return `http://127.0.0.1:${this.specs.get(name)!.port}`;
  }

  async startProcess(name: string, overrides: Record<string, string> = {}): Promise<TesseraProcess> {
    const spec = this.specs.get(name)!;
    const process = TesseraProcess.start('main', { ...spec.env, ...overrides });
    this.processes.set(name, process);
    await process.waitFor('Tessera is running', 60_000);
    return process;
  }

  async kill(name: string): Promise<void> {
    const process = this.processes.get(name);
    if (!process) return;
    await process.stop('SIGKILL');
    this.processes.delete(name);
  }

  /** The named process stops answering without closing anything (SIGSTOP) until `resume`. */
  pause(name: string): void {
    this.processes.get(name)!.pause();
  }

  resume(name: string): void {
    this.processes.get(name)!.resume();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].map((process) => process.stop('SIGTERM').catch(() => undefined)));
    this.processes.clear();
    if (this.stage.kind !== 'macro') await deleteBrokerNamespace(this.namespace, ALL_MODULES).catch(() => undefined);
    await this.database.drop().catch(() => undefined);
    await this.ownDatabase?.drop().catch(() => undefined);
  }
}
