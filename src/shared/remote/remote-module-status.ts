import type { ModuleStatus, RemoteModuleStatusSource } from '../module-runtime/module-status.js';
import type { RemoteModuleClient } from './remote-module.client.js';

/** How the modules of the process hosting a remote module stand, through its service endpoint. */
export class RemoteModuleStatus implements RemoteModuleStatusSource {
  constructor(private readonly client: RemoteModuleClient) {}

  async listLocal(): Promise<ModuleStatus[]> {
    const { items } = await this.client.call<{ items: ModuleStatus[] }>({
      operation: 'listModuleStatus',
      method: 'GET',
      path: '/internal/operations/modules',
      idempotent: true,
    });
    return items;
  }
}
