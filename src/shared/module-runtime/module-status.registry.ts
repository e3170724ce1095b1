import { Injectable } from '@nestjs/common';
import { APP_VERSION } from '../http/openapi/app-version.js';
import type { MessagingCounts } from '../messaging/messaging.counts.js';
import type { ModuleStatus, RemoteModuleStatusSource } from './module-status.js';

/**
 * Every module this process hosts, with a way to read its messaging, and the processes hosting the others (reached
 * by URL), so operators see how every module of the deployment stands through any one process.
 */
@Injectable()
export class ModuleStatusRegistry {
  private readonly hosted = new Map<string, () => Promise<MessagingCounts>>();
  /** By base URL: a process hosting several remote modules is asked once. */
  private readonly remotes = new Map<string, { modules: string[]; source: RemoteModuleStatusSource }>();

  registerLocal(module: string, read: () => Promise<MessagingCounts>): void {
    this.hosted.set(module, read);
  }

  registerRemote(baseUrl: string, module: string, source: RemoteModuleStatusSource): void {
    const known = this.remotes.get(baseUrl);
    if (known) known.modules.push(module);
    else this.remotes.set(baseUrl, { modules: [module], source });
  }

  /** The modules of this process: up when their own database answers. */
  listLocal(): Promise<ModuleStatus[]> {
    return Promise.all(
      [...this.hosted].map(async ([module, read]): Promise<ModuleStatus> => {
        try {
          return { module, runs: 'in-process', health: 'up', version: APP_VERSION, messaging: await read() };
        } catch (error) {
          const problem = `its database did not answer (${error instanceof Error ? error.message : String(error)})`;
          return { module, runs: 'in-process', health: 'down', version: APP_VERSION, problem };
        }
      }),
    );
  }

  /** This process's modules and every remote one, each remote as its own process reports it, or down. */
  async list(): Promise<ModuleStatus[]> {
    const remotes = await Promise.all(
      [...this.remotes].map(async ([url, { modules, source }]) => {
        try {
          const reported = await source.listLocal();
          return modules.map((module): ModuleStatus => ({
            ...(reported.find((status) => status.module === module) ?? {
              module,
              health: 'down',
              problem: 'its process does not host it',
            }),
            runs: 'remote',
            url,
          }));
        } catch {
          return modules.map((module): ModuleStatus => ({
            module,
            runs: 'remote',
            url,
            health: 'down',
            problem: 'did not answer',
          }));
        }
      }),
    );
    return [...(await this.listLocal()), ...remotes.flat()];
  }
}
