import { existsSync, readdirSync } from 'node:fs';
import { TESSERA_MODULES } from '../../src/module-registry.js';
import { publishedContracts } from '../../src/operations/asyncapi/event-catalogue.js';
import { type IntegrationEvent, isIntegrationEvent } from '../../src/shared/messaging/index.js';
import { ROOT } from './tessera-process.js';

/** Every integration event contract, with the module whose public index exports it. */
export const PUBLISHED_CONTRACTS: readonly (readonly [module: string, contract: IntegrationEvent<unknown>])[] =
  publishedContracts();

/** Every consumer-side reader, by the module that owns it: each module's application/inbound-events/*.reader.ts. */
export const CONSUMER_READERS: readonly (readonly [module: string, reader: IntegrationEvent<unknown>])[] = (
  await Promise.all(
    TESSERA_MODULES.map(async ({ name }) => {
      const folder = `${ROOT}/src/modules/${name}/application/inbound-events`;
      if (!existsSync(folder)) return [];
      const files = readdirSync(folder).filter((file) => file.endsWith('.reader.ts'));
      const exported = await Promise.all(
        files.map(
          (file) =>
            import(`../../src/modules/${name}/application/inbound-events/${file.replace(/\.ts$/, '.js')}`) as Promise<
              Record<string, unknown>
            >,
        ),
      );
      return exported.flatMap((exports) =>
        Object.values(exports)
          .filter(isIntegrationEvent)
          .map((reader) => [name, reader] as const),
      );
    }),
  )
).flat();
