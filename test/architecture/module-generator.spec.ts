import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TESSERA_MODULES } from '../../src/module-registry.js';
import { createModule, refusal } from '../../scripts/modules/new-module.mjs';
import { ArchTree, linesFor, ROOT } from './arch-tree.js';

/**
 * `npm run module:new` in a copy of the project: the new module compiles and passes the gate with
 * no hand edit elsewhere, and the gate binds it like every other module.
 */
describe('npm run module:new', () => {
  let tree: ArchTree;
  let written: string[];
  beforeAll(async () => {
    tree = ArchTree.create();
    cpSync(join(ROOT, 'test'), join(tree.dir, 'test'), { recursive: true }); // its module test imports test/support
    written = await createModule(tree.dir, 'giftcards', 1_800_000_000_000);
  });
  afterAll(() => tree?.dispose());

  it('writes the standard anatomy, a migration, an event contract, a module test, and the registry', () => {
    const dir = 'src/modules/giftcards';
    expect(written).toEqual(
      expect.arrayContaining([
        `${dir}/giftcards.module-definition.ts`,
        `${dir}/giftcards.module.ts`,
        `${dir}/public/index.ts`,
        `${dir}/public/events/item-created.v1.ts`,
        `${dir}/domain/item.ts`,
        `${dir}/application/create-item.handler.ts`,
        `${dir}/infrastructure/sql-item.repository.ts`,
        `${dir}/http/items.controller.ts`,
        `${dir}/giftcards.module.spec.ts`,
        'migrations/giftcards/1800000000000-create-items.ts',
        'src/module-registry.ts',
      ]),
    );
    expect(readdirSync(join(tree.dir, dir)).sort()).toEqual([
      'application',
      'domain',
      'giftcards.module-definition.ts',
      'giftcards.module.spec.ts',
      'giftcards.module.ts',
      'http',
      'infrastructure',
      'public',
    ]);
    expect(tree.read('src/module-registry.ts')).toContain(
      "import { GiftcardsModule } from './modules/giftcards/giftcards.module.js';",
    );
  });

  it('passes the architecture gate and type-checks, with no edit elsewhere', async () => {
    const modulesWithGiftcards = [...TESSERA_MODULES.map((module) => module.name), 'giftcards'].sort().join(', ');
    const gate = await tree.script('check');
    expect({ code: gate.code, lines: gate.lines }).toEqual({
      code: 0,
      lines: [expect.stringContaining(`arch: ok — ${TESSERA_MODULES.length + 1} modules (${modulesWithGiftcards})`)],
    });
    const typecheck = await tree.npm('typecheck');
    expect({ code: typecheck.code, out: typecheck.lines.filter((line) => line.includes('error')) }).toEqual({
      code: 0,
      out: [],
    });
  });

  it('is bound like every module: a planted import of its internals, or of an undeclared module, fails', async () => {
    tree.write(
      'src/modules/orders/application/arch-plant-gift.ts',
      "import * as planted from '../../giftcards/domain/item.js';\nexport const plant = planted;\n",
    );
    tree.write(
      'src/modules/giftcards/application/arch-plant-catalog.ts',
      "import * as planted from '../../catalog/public/index.js';\nexport const plant = planted;\n",
    );
    const gate = await tree.script('check');
    tree.remove('src/modules/orders/application/arch-plant-gift.ts');
    tree.remove('src/modules/giftcards/application/arch-plant-catalog.ts');
    expect(gate.code).toBe(1);
    expect(
      linesFor(gate, 'module-through-public-index', 'src/modules/orders/application/arch-plant-gift.ts'),
    ).toHaveLength(1);
    expect(
      linesFor(gate, 'module-undeclared-dependency', 'src/modules/giftcards/application/arch-plant-catalog.ts'),
    ).toHaveLength(1);
  });

  it('refuses names that are not one lower-case word, reserved or taken, and writes nothing then', async () => {
    for (const name of ['Gift_Cards', 'gift-cards', '9lives', '', undefined]) {
      expect(refusal(tree.dir, name)).toMatch(/is not a module name: one lower-case word/);
    }
    expect(refusal(tree.dir, 'shared')).toBe('"shared" is reserved');
    expect(refusal(tree.dir, 'orders')).toBe('a module named "orders" exists already (src/modules/orders)');
    await expect(createModule(tree.dir, 'Bad_Name')).rejects.toThrow(/one lower-case word/);
    expect(existsSync(join(tree.dir, 'src/modules/Bad_Name'))).toBe(false);
    expect(tree.read('src/module-registry.ts')).not.toContain('Bad_Name');
  });
});
