import * as catalogEvents from '../../src/modules/catalog/public/events/index.js';
import * as orderEvents from '../../src/modules/orders/public/events/index.js';
import * as userEvents from '../../src/modules/users/public/events/index.js';
import type { IntegrationEvent } from '../../src/shared/messaging/integration-event.js';

const isContract = (value: unknown): value is IntegrationEvent<unknown> =>
  typeof value === 'object' && value !== null && 'type' in value && 'parse' in value;

/** Every integration event contract, with the module whose public/events exports it. */
export const PUBLISHED_CONTRACTS: readonly (readonly [module: string, contract: IntegrationEvent<unknown>])[] = (
  [
    ['users', userEvents],
    ['catalog', catalogEvents],
    ['orders', orderEvents],
  ] as const
).flatMap(([module, exports]) =>
  (Object.values(exports) as unknown[]).filter(isContract).map((contract) => [module, contract] as const),
);
