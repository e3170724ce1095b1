import { loadConfig } from './shared/config/index.js';
import { ConfigError } from './shared/config/config.error.js';
import { TESSERA_MODULES } from './module-registry.js';
import { resolveTopology } from './topology.js';

/** Every module of this build: a module added later changes no expectation here. */
const NAMES = TESSERA_MODULES.map((module) => module.name);

const SPLIT = { SERVICE_TOKEN: 's'.repeat(40), BROKER_URL: 'amqp://guest:guest@127.0.0.1:5672' };
const problems = (env: Record<string, string>) => {
  try {
    resolveTopology(loadConfig(env));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('resolveTopology', () => {
  it('hosts every module by default, in one process', () => {
    const topology = resolveTopology(loadConfig({}));
    expect(topology.hosted.map((module) => module.name)).toEqual(NAMES);
    expect(topology.remote).toEqual([]);
    expect(topology.split).toBe(false);
  });

  it('hosts one module alone (mini) with a broker and a service secret', () => {
    const topology = resolveTopology(loadConfig({ MODULES: 'catalog', ...SPLIT }));
    expect(topology.hosted.map((module) => module.name)).toEqual(['catalog']);
    expect(topology.processName).toBe('catalog');
    expect(topology.split).toBe(true);
  });

  it('reaches a module that is not hosted by its URL', () => {
    const topology = resolveTopology(
      loadConfig({ MODULES: 'users,orders', CATALOG_URL: 'http://catalog:3000', ...SPLIT }),
    );
    expect(topology.remote.map(({ module, url }) => [module.name, url])).toEqual([['catalog', 'http://catalog:3000']]);
  });

  it('names every problem in one line each', () => {
    expect(problems({ MODULES: 'orders' })).toEqual([
      'CATALOG_URL must be set: orders (hosted) calls catalog, which this process does not host',
      'SERVICE_TOKEN must be set to at least 32 characters when modules run in several processes (MODULES is orders)',
      'BROKER_URL must be set (amqp://…) when modules run in several processes (MODULES is orders)',
    ]);
    expect(problems({ MODULES: 'catalogue', ...SPLIT })).toContain(
      `MODULES must name modules among ${NAMES.join(', ')} (got "catalogue")`,
    );
    expect(problems({ CATALOG_URL: 'http://elsewhere' })).toEqual([
      'CATALOG_URL must not be set: catalog is hosted by this process (MODULES)',
    ]);
    expect(problems({ PAYMENTS_URL: 'http://payments', MODULES: 'users', ...SPLIT })).toEqual([
      `PAYMENTS_URL must name a module among ${NAMES.join(', ')} (no module "payments")`,
    ]);
    expect(problems({ INVENTORY_DATABASE_URL: 'postgres://x/y' })).toEqual([
      `INVENTORY_DATABASE_URL must name a module among ${NAMES.join(', ')} (no module "inventory")`,
    ]);
  });
});
