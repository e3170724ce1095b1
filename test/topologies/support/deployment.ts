import { randomBytes } from 'node:crypto';
import { freePort } from '../../support/free-port.js';
import { TEST_ADMIN, TEST_JWT_SECRET, TEST_SIGN_UPS } from '../../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { TesseraProcess } from '../../support/tessera-process.js';
import { BROKER_URL, deleteBrokerNamespace } from './broker.js';

export const ALL_MODULES = ['users', 'catalog', 'orders'] as const;
export type ModuleName = (typeof ALL_MODULES)[number];

export type Stage =
  { kind: 'macro' } | { kind: 'mini'; extracted: ModuleName } | { kind: 'micro'; extracted: ModuleName };

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

  static async start(stage: Stage, extraEnv: Record<string, string> = {}): Promise<Deployment> {
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
      const rest = ALL_MODULES.filter((module) => module !== stage.extracted);
      const split = {
        BROKER_URL: extraEnv.BROKER_URL ?? BROKER_URL,
        SERVICE_TOKEN: serviceToken,
        BROKER_NAMESPACE: namespace,
      };
      const urlOf = (module: ModuleName) =>
        module === stage.extracted ? `http://127.0.0.1:${extractedPort}` : `http://127.0.0.1:${mainPort}`;
      const needs = (hosted: readonly ModuleName[]) =>
        Object.fromEntries(
          ALL_MODULES.filter((module) => !hosted.includes(module)).map((module) => [
            `${module.toUpperCase()}_URL`,
            urlOf(module),
          ]),
        );
      specs.set('main', {
        name: 'main',
        port: mainPort,
        // The process that serves the public API reaches every module it does not host (proxy + facades).
        env: { ...common, ...split, MODULES: rest.join(','), PORT: String(mainPort), ...needs(rest) },
      });
      specs.set(stage.extracted, {
        name: stage.extracted,
        port: extractedPort,
        env: {
          ...common,
          ...split,
          MODULES: stage.extracted,
          PORT: String(extractedPort),
          // Only what the extracted module calls; it proxies nothing.
          ...Object.fromEntries(
            (stage.extracted === 'orders' ? (['catalog'] as const) : []).map((module) => [
              `${module.toUpperCase()}_URL`,
              urlOf(module),
            ]),
          ),
          TRUST_PROXY: 'loopback', // client addresses arrive through the main process's proxy
          ...(ownDatabase ? { [`${stage.extracted.toUpperCase()}_DATABASE_URL`]: ownDatabase.url } : {}),
        },
      });
    }
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
