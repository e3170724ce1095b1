import { MODULE_PUBLIC_EXPORTS, TESSERA_MODULES } from '../../module-registry.js';
import { type IntegrationEvent, isIntegrationEvent } from '../../shared/messaging/index.js';
import { APP_VERSION } from '../../shared/http/openapi/app-version.js';
import type { EventCatalogue } from './asyncapi-document.js';

/** Every module's published contracts, as its public index exports them. */
export function publishedContracts(): [string, IntegrationEvent<unknown>][] {
  return Object.entries(MODULE_PUBLIC_EXPORTS).flatMap(([module, exports]) =>
    Object.values(exports)
      .filter(isIntegrationEvent)
      .map((contract) => [module, contract] as [string, IntegrationEvent<unknown>]),
  );
}

/** The events of this build: what the AsyncAPI document describes, whichever modules a process hosts. */
export function eventCatalogue(): EventCatalogue {
  return {
    version: APP_VERSION,
    published: publishedContracts(),
    consumers: Object.fromEntries(TESSERA_MODULES.map((module) => [module.name, module.definition.consumes])),
  };
}
