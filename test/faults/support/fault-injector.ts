import { withClient } from '../../support/test-database.js';
import type { Deployment } from '../../topologies/support/deployment.js';
import { TcpProxy } from '../../topologies/support/tcp-proxy.js';
import { describeFault, type Fault } from './fault-schedule.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The proxies a faulty deployment's connections go through, made while its
 * processes' environments are written: one per process in front of the
 * database, one in front of the broker, one per module reached over HTTP.
 */
export class FaultProxies {
  readonly database = new Map<string, TcpProxy>();
  readonly links = new Map<string, TcpProxy>();
  broker: TcpProxy | undefined;

  /** For `Deployment.start`: routes a process's database, broker and remote-module connections through proxies. */
  readonly adjust = async (
    name: string,
    env: Record<string, string | undefined>,
  ): Promise<Record<string, string | undefined>> => {
    const adjusted = { ...env };
    const database = new URL(env.DATABASE_URL!);
    const proxy = await TcpProxy.start({ host: database.hostname, port: Number(database.port || 5432) });
    this.database.set(name, proxy);
    adjusted.DATABASE_URL = proxy.rewrite(env.DATABASE_URL!);
    if (env.BROKER_URL) {
      const broker = new URL(env.BROKER_URL);
      this.broker ??= await TcpProxy.start({ host: broker.hostname, port: Number(broker.port || 5672) });
      adjusted.BROKER_URL = this.broker.rewrite(env.BROKER_URL);
    }
    for (const [variable, value] of Object.entries(env)) {
      const module = /^([A-Z]+)_URL$/.exec(variable)?.[1]?.toLowerCase();
      if (!module || variable === 'DATABASE_URL' || variable === 'BROKER_URL' || !value) continue;
      const target = new URL(value);
      const link = await TcpProxy.start({ host: target.hostname, port: Number(target.port) });
      this.links.set(module, link);
      adjusted[variable] = link.rewrite(value).replace(/\/$/, '');
    }
    return adjusted;
  };

  async stop(): Promise<void> {
    const proxies = [...this.database.values(), ...this.links.values(), ...(this.broker ? [this.broker] : [])];
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
      case 'broker-down':
        await this.proxies.broker!.pause();
        await sleep(fault.downMs);
        await this.proxies.broker!.resume();
        return;
      case 'database-connections-killed':
        await withClient(this.deployment.database.url, (client) =>
          client.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = current_database() AND application_name = $1`,
            [`tessera:${fault.module}`],
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
