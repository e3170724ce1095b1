import type { ModuleClass } from './module-class.js';
import { tesseraModules } from './tessera-module.js';

const moduleClass = (name: string, dependsOn: string[] = []): ModuleClass => ({
  definition: { name, schema: name, description: name, dependsOn, publicRoutes: [], publishes: [], consumes: [] },
  database: { schema: name, entities: [], migrations: [] },
  forRoot: () => ({ module: class {} }),
  forRemote: () => ({ module: class {} }),
});

describe('tesseraModules', () => {
  it('orders modules after the modules they call, by name otherwise', () => {
    const modules = tesseraModules([
      moduleClass('shipping', ['orders']),
      moduleClass('orders', ['catalog']),
      moduleClass('users'),
      moduleClass('catalog'),
    ]);
    expect(modules.map((module) => module.name)).toEqual(['catalog', 'orders', 'shipping', 'users']);
  });

  it('refuses dependencies that cannot be ordered (a cycle the architecture gate would have refused)', () => {
    expect(() => tesseraModules([moduleClass('a', ['b']), moduleClass('b', ['a'])])).toThrow(
      'module dependencies cannot be ordered: a, b',
    );
  });
});
