import { readFileSync } from 'node:fs';
import { TESSERA_MODULES } from '../../src/module-registry.js';
import { CONSUMER_READERS, PUBLISHED_CONTRACTS } from '../support/published-contracts.js';
import { ROOT } from '../support/tessera-process.js';

const published = PUBLISHED_CONTRACTS;
const contracts = published.map(([, contract]) => contract);
const readers = CONSUMER_READERS;

/**
 * Consumers read events with their own readers instead of importing the
 * publisher's contract; these checks keep the two sides compatible.
 */
describe('event contracts', () => {
  it("covers every event the module definitions declare, the saga's among them", () => {
    const declared = TESSERA_MODULES.flatMap((module) => module.definition.publishes);
    expect(contracts.map((contract) => contract.type).sort()).toEqual([...declared].sort());
    expect(declared).toEqual(
      expect.arrayContaining([
        'catalog.product-created.v1',
        'catalog.product-price-changed.v1',
        'catalog.stock-released.v1',
        'catalog.stock-reservation-failed.v1',
        'catalog.stock-reserved.v1',
        'orders.order-cancelled.v1',
        'orders.order-confirmed.v1',
        'orders.order-placed.v1',
        'orders.order-rejected.v1',
        'shipping.shipment-cancelled.v1',
        'shipping.shipment-created.v1',
        'shipping.shipment-delivered.v1',
        'shipping.shipment-dispatched.v1',
        'shipping.shipment-failed.v1',
        'users.user-registered.v1',
      ]),
    );
  });

  it.each(published.map(([module, contract]) => [contract.type, module, contract] as const))(
    '%s: published from its own module (%s), with an example that passes its contract',
    (_, module, contract) => {
      expect(contract.publisher).toBe(module);
      expect(contract.parse(contract.example)).toEqual(contract.example);
    },
  );

  it('lists in every module definition exactly the events its public/events exports', () => {
    for (const module of TESSERA_MODULES) {
      const exported = published.filter(([owner]) => owner === module.name).map(([, contract]) => contract.type);
      expect({ module: module.name, publishes: exported.sort() }).toEqual({
        module: module.name,
        publishes: [...module.definition.publishes].sort(),
      });
    }
  });

  it('has a reader here for every event type a module consumes, so none escapes the check below', () => {
    for (const module of TESSERA_MODULES) {
      const listed = readers.filter(([owner]) => owner === module.name).map(([, reader]) => reader.type);
      expect({ module: module.name, readers: listed.sort() }).toEqual({
        module: module.name,
        readers: [...module.definition.consumes].sort(),
      });
    }
  });

  it.each(readers.map(([module, reader]) => [module, reader.type, reader] as const))(
    "%s's reader of %s accepts the publisher's example",
    (module, type, reader) => {
      const contract = contracts.find((candidate) => candidate.type === type);
      if (!contract) throw new Error(`${module} reads ${type}, which no module's public/events defines`);
      expect(contract.publisher).not.toBe(module);
      expect(() => reader.parse(contract.example)).not.toThrow();
    },
  );

  it('documents every event in docs/events.md', () => {
    const document = readFileSync(`${ROOT}/docs/events.md`, 'utf8');
    for (const contract of contracts) expect(document).toContain(`| \`${contract.type}\` | ${contract.publisher} |`);
  });
});
