import { withClient } from '../../support/test-database.js';
import type { Deployment } from '../../topologies/support/deployment.js';
import { NETWORK_NAMESPACE } from '../../support/tessera-process.js';
import { TcpProxy } from '../../topologies/support/tcp-proxy.js';
import { describeFault, type Fault } from './fault-schedule.js';
import type { NetworkNamespace } from './network-namespace.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The proxies a faulty deployment's connections go through, made while its
 * processes' environments are written: one per process in front of the
 * database and of the broker, one per link to another process. With a network
 * namespace, the extracted process runs inside it and reaches everything
 * through proxies on the host's end of its link, so the link can be cut for real.
 */
export class FaultProxies {
  readonly database = new Map<string, TcpProxy>();
  readonly brokers = new Map<string, TcpProxy>();
  readonly links = new Map<string, TcpProxy>();

  constructor(readonly isolated?: NetworkNamespace) {}

  /** For `Deployment.start`: routes a process's database, broker and remote-module connections through proxies. */
  readonly adjust = async (
    name: string,
    env: Record<string, string | undefined>,
  ): Promise<Record<string, string | undefined>> => {
    // The namespace this process runs in: the extracted one's, when there is one.
    const inside = name === 'main' ? undefined : this.isolated;
    const listen = inside ? inside.hostAddress : '127.0.0.1';
    const adjusted = { ...env };
    const proxied = async (url: string, defaultPort: number, target?: string) => {
      const parsed = new URL(url);
      const proxy = await TcpProxy.start(
        { host: target ?? parsed.hostname, port: Number(parsed.port || defaultPort) },
        listen,
      );
      return { proxy, url: proxy.rewrite(url) };
    };
    const database = await proxied(env.DATABASE_URL ?? '', 5432);
    this.database.set(name, database.proxy);
    adjusted.DATABASE_URL = database.url;
    // A module's own database (micro) is on the same server: the process's one proxy carries it too.
    for (const [variable, value] of Object.entries(env))
      if (/^[A-Z]+_DATABASE_URL$/.test(variable) && value) adjusted[variable] = database.proxy.rewrite(value);
    if (env.BROKER_URL) {
      const broker = await proxied(env.BROKER_URL, 5672);
      this.brokers.set(name, broker.proxy);
      adjusted.BROKER_URL = broker.url;
    }
    for (const [variable, value] of Object.entries(env)) {
      const module = /^([A-Z]+)_URL$/.exec(variable)?.[1]?.toLowerCase();
      if (!module || variable === 'DATABASE_URL' || variable === 'BROKER_URL' || !value) continue;
      // From main, the extracted module lives at the namespace's inner address.
      const link = await proxied(value, 80, this.isolated && !inside ? this.isolated.innerAddress : undefined);
      this.links.set(module, link.proxy);
      adjusted[variable] = link.url.replace(/\/$/, '');
    }
    if (inside) {
      adjusted.HOST = inside.innerAddress;
      adjusted.TRUST_PROXY = inside.hostAddress;
      adjusted[NETWORK_NAMESPACE] = inside.name;
    }
    return adjusted;
  };

  async stop(): Promise<void> {
    const proxies = [...this.database.values(), ...this.brokers.values(), ...this.links.values()];
    await Promise.all(proxies.map((proxy) => proxy.stop()));
  }
}

export interface FaultRecord {
  readonly atMs: number;
  readonly text: string;
}

/** Applies one fault at a time to a deployment and undoes it; keeps the log a failure prints. */
export class FaultInjector {
  readonly log: FaultRecord[] = [];
  private readonly started = Date.now();

  constructor(
    private readonly deployment: Deployment,
    private readonly proxies: FaultProxies,
  ) {}

  async inject(fault: Fault): Promise<void> {
    this.log.push({ atMs: Date.now() - this.started, text: describeFault(fault) });
    switch (fault.kind) {
      case 'kill':
        await this.deployment.kill(fault.process);
        await sleep(fault.downMs);
        await this.deployment.startProcess(fault.process);
        return;
      case 'broker-down': {
        const brokers = [...this.proxies.brokers.values()];
        await Promise.all(brokers.map((broker) => broker.pause()));
        await sleep(fault.downMs);
        await Promise.all(brokers.map((broker) => broker.resume()));
        return;
      }
      case 'partition':
        await this.proxies.isolated!.down();
        await sleep(fault.downMs);
        await this.proxies.isolated!.up();
        return;
      case 'database-connections-killed':
        await withClient(this.deployment.database.url, (client) =>
          client.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = ANY($1::text[]) AND application_name = $2`,
            [
              [this.deployment.database.url, this.deployment.ownDatabase?.url]
                .filter((url): url is string => url !== undefined)
                .map((url) => new URL(url).pathname.slice(1)),
              `tessera:${fault.module}`,
            ],
          ),
        );
        return;
      case 'database-stall':
        await this.proxies.database.get(fault.process)!.stall(fault.stallMs);
        return;
      case 'link-cut': {
        const link = this.proxies.links.get(fault.module)!;
        await link.pause();
        await sleep(fault.downMs);
        await link.resume();
        return;
      }
    }
  }

  /** The fault log, one line per fault, for a failure's message. */
  describe(): string {
    return this.log.map(({ atMs, text }) => `  +${(atMs / 1000).toFixed(1)} s  ${text}`).join('\n');
  }
}
