import { Injectable } from '@nestjs/common';
import { TESSERA_MODULES } from '../../module-registry.js';
import { APP_VERSION } from '../../shared/http/openapi/app-version.js';
import { type ModuleStatus, ModuleStatusRegistry } from '../../shared/module-runtime/index.js';
import type { ModuleOverviewEntryResponse, ModuleOverviewResponse } from './module-overview.response.js';

/** Every module as declared (its definition) beside how it runs now (the status its process reports). */
@Injectable()
export class ModuleOverview {
  constructor(private readonly statuses: ModuleStatusRegistry) {}

  async read(): Promise<ModuleOverviewResponse> {
    const statuses = new Map((await this.statuses.list()).map((status) => [status.module, status]));
    const now = Date.now();
    return {
      version: APP_VERSION,
      modules: TESSERA_MODULES.map(({ definition }) => entry(definition, statuses.get(definition.name), now)),
    };
  }
}

function entry(
  definition: (typeof TESSERA_MODULES)[number]['definition'],
  status: ModuleStatus | undefined,
  now: number,
): ModuleOverviewEntryResponse {
  const declared = {
    name: definition.name,
    description: definition.description,
    dependsOn: [...definition.dependsOn],
    publicRoutes: [...definition.publicRoutes],
    publishes: [...definition.publishes],
    consumes: [...definition.consumes],
  };
  if (status === undefined) return { ...declared, runs: 'elsewhere', health: 'unknown' };
  const { messaging } = status;
  return {
    ...declared,
    runs: status.runs,
    ...(status.url === undefined ? {} : { url: status.url }),
    health: status.health,
    ...(status.problem === undefined ? {} : { problem: status.problem }),
    ...(status.version === undefined ? {} : { version: status.version }),
    ...(messaging === undefined
      ? {}
      : {
          messaging: {
            ...messaging,
            deliveryLagSeconds:
              messaging.oldestPendingAt === null
                ? 0
                : Math.max(0, (now - Date.parse(messaging.oldestPendingAt)) / 1000),
          },
        }),
  };
}
