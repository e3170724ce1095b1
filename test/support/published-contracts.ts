import { TESSERA_MODULES } from '../../src/module-registry.js';
import type { IntegrationEvent } from '../../src/shared/messaging/index.js';

const isContract = (value: unknown): value is IntegrationEvent<unknown> =>
  typeof value === 'object' && value !== null && 'type' in value && 'parse' in value;

/** Every integration event contract, with the module whose public/events exports it. */
export const PUBLISHED_CONTRACTS: readonly (readonly [module: string, contract: IntegrationEvent<unknown>])[] = (
  await Promise.all(
    TESSERA_MODULES.map(async ({ name }) => {
      const exports = (await import(`../../src/modules/${name}/public/events/index.js`)) as Record<string, unknown>;
      return Object.values(exports)
        .filter(isContract)
        .map((contract) => [name, contract] as const);
    }),
  )
).flat();
