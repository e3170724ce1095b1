import { execFileSync } from 'node:child_process';
import { ArchTree, linesFor, type RunResult } from './arch-tree.js';

/**
 * Proof that every architecture rule fires: one copy of the project, checked
 * clean first (it must pass), then with ONE planted violation per rule. Each
 * plant lives in its own file, and each assertion looks for the line naming its
 * rule AND its own file, so a rule that stopped working fails its own test.
 */
interface Plant {
  readonly rule: string;
  readonly why: string;
  /** Files to write; the violation is the import in `from`. */
  readonly files: Record<string, string>;
  readonly from: string;
  /** The dependency the line must name (a substring, since packages resolve through the node_modules symlink). */
  readonly to: string;
}

/** A module definition file as a new module would write it. */
const definition = (name: string, fields: { dependsOn?: string[] } = {}) =>
  `export const ${name}Definition = ${JSON.stringify({
    name,
    schema: name,
    description: `The ${name} module.`,
    dependsOn: fields.dependsOn ?? [],
    publicRoutes: [`/api/${name}`],
    publishes: [],
    consumes: [],
  })};\n`;
const target = (text: string) => `export const archPlantTarget = '${text}';\n`;
const importing = (specifier: string) => `import * as planted from '${specifier}';\nexport const plant = planted;\n`;

const PLANTS: readonly Plant[] = [
  {
    rule: 'module-through-public-index',
    why: 'orders reaches into catalog/domain',
    files: {
      'src/modules/catalog/domain/arch-plant-target.ts': target('catalog internals'),
      'src/modules/orders/application/arch-plant-internal.ts': importing('../../catalog/domain/arch-plant-target.js'),
    },
    from: 'src/modules/orders/application/arch-plant-internal.ts',
    to: 'src/modules/catalog/domain/arch-plant-target.ts',
  },
  {
    rule: 'module-through-public-index',
    why: 'orders imports a catalog public file other than the index',
    files: {
      'src/modules/catalog/public/arch-plant-contract.ts': target('a public file, but not the index'),
      'src/modules/orders/application/arch-plant-deep-public.ts': importing(
        '../../catalog/public/arch-plant-contract.js',
      ),
    },
    from: 'src/modules/orders/application/arch-plant-deep-public.ts',
    to: 'src/modules/catalog/public/arch-plant-contract.ts',
  },
  {
    rule: 'app-through-module-file',
    why: 'the composition root imports module internals',
    files: {
      'src/modules/users/application/arch-plant-target.ts': target('users internals'),
      'src/arch-plant-app.ts': importing('./modules/users/application/arch-plant-target.js'),
    },
    from: 'src/arch-plant-app.ts',
    to: 'src/modules/users/application/arch-plant-target.ts',
  },
  {
    rule: 'module-imports-no-app',
    why: 'users imports the operations feature',
    files: {
      'src/modules/users/application/arch-plant-app.ts': importing(
        '../../../operations/dead-letters/dead-letters.module.js',
      ),
    },
    from: 'src/modules/users/application/arch-plant-app.ts',
    to: 'src/operations/dead-letters/dead-letters.module.ts',
  },
  {
    rule: 'public-is-self-contained',
    why: 'users/public re-exports its domain',
    files: {
      'src/modules/users/domain/arch-plant-target.ts': target('users domain'),
      'src/modules/users/public/arch-plant.ts': importing('../domain/arch-plant-target.js'),
    },
    from: 'src/modules/users/public/arch-plant.ts',
    to: 'src/modules/users/domain/arch-plant-target.ts',
  },
  {
    rule: 'domain-no-framework',
    why: 'catalog/domain imports @nestjs/common',
    files: {
      'src/modules/catalog/domain/arch-plant-framework.ts':
        "import { Injectable } from '@nestjs/common';\nexport const plant = Injectable;\n",
    },
    from: 'src/modules/catalog/domain/arch-plant-framework.ts',
    to: 'node_modules/@nestjs/common/',
  },
  {
    rule: 'domain-no-infrastructure',
    why: 'catalog/domain imports catalog/infrastructure',
    files: {
      'src/modules/catalog/infrastructure/arch-plant-target.ts': target('catalog infrastructure'),
      'src/modules/catalog/domain/arch-plant-infra.ts': importing('../infrastructure/arch-plant-target.js'),
    },
    from: 'src/modules/catalog/domain/arch-plant-infra.ts',
    to: 'src/modules/catalog/infrastructure/arch-plant-target.ts',
  },
  {
    rule: 'shared-imports-no-module',
    why: 'the kernel imports a module (even its public index)',
    files: { 'src/shared/arch-plant-module.ts': importing('../modules/users/public/index.js') },
    from: 'src/shared/arch-plant-module.ts',
    to: 'src/modules/users/public/index.ts',
  },
  {
    rule: 'no-circular',
    why: 'two kernel files import each other',
    files: {
      'src/shared/arch-plant-cycle-a.ts': "import { b } from './arch-plant-cycle-b.js';\nexport const a = () => b;\n",
      'src/shared/arch-plant-cycle-b.ts': "import { a } from './arch-plant-cycle-a.js';\nexport const b = () => a;\n",
    },
    from: 'src/shared/arch-plant-cycle-a.ts',
    to: 'src/shared/arch-plant-cycle-b.ts',
  },
  {
    rule: 'no-circular-modules',
    why: 'catalog → orders closes orders → catalog, with no file cycle',
    files: { 'src/modules/catalog/application/arch-plant-module-cycle.ts': importing('../../orders/public/index.js') },
    from: 'src/modules/catalog/application/arch-plant-module-cycle.ts',
    to: 'src/modules/orders/public/index.ts',
  },
  {
    rule: 'no-circular-shared',
    why: 'shared/database → shared/messaging closes messaging → database, with no file cycle',
    files: { 'src/shared/database/arch-plant-shared-cycle.ts': importing('../messaging/outbox/outbox.js') },
    from: 'src/shared/database/arch-plant-shared-cycle.ts',
    to: 'src/shared/messaging/outbox/outbox.ts',
  },
  {
    rule: 'module-undeclared-dependency',
    why: 'users imports catalog, which its module definition does not declare',
    files: { 'src/modules/users/application/arch-plant-undeclared.ts': importing('../../catalog/public/index.js') },
    from: 'src/modules/users/application/arch-plant-undeclared.ts',
    to: 'src/modules/catalog/public/index.ts',
  },
  {
    rule: 'module-undeclared-dependency',
    why: 'a NEW module (folder + definition only) gets the generated rules',
    files: {
      'src/modules/billing/billing.module-definition.ts': definition('billing', { dependsOn: ['orders'] }),
      'src/modules/billing/billing.module.ts':
        "import * as orders from '../orders/public/index.js';\nimport * as catalog from '../catalog/public/index.js';\nexport const plant = [orders, catalog];\n",
    },
    from: 'src/modules/billing/billing.module.ts',
    to: 'src/modules/catalog/public/index.ts',
  },
  {
    rule: 'migrations-stay-in-module',
    why: "an orders migration imports catalog's migrations",
    files: { 'migrations/orders/arch-plant.ts': importing('../catalog/index.js') },
    from: 'migrations/orders/arch-plant.ts',
    to: 'migrations/catalog/index.ts',
  },
  {
    rule: 'no-dev-dependency-in-production',
    why: 'src imports a devDependency',
    files: { 'src/shared/arch-plant-dev.ts': "import { Test } from '@nestjs/testing';\nexport const plant = Test;\n" },
    from: 'src/shared/arch-plant-dev.ts',
    to: 'node_modules/@nestjs/testing/',
  },
  {
    rule: 'no-unresolvable-import',
    why: 'an import of a file that does not exist',
    files: { 'src/shared/arch-plant-unresolvable.ts': importing('./arch-plant-missing.js') },
    from: 'src/shared/arch-plant-unresolvable.ts',
    to: './arch-plant-missing.js',
  },
  {
    rule: 'app-through-module-file',
    why: 'a loose barrel directly under src/modules re-exports catalog internals',
    files: {
      'src/modules/catalog/domain/arch-plant-loose-target.ts': target('catalog internals, laundered'),
      'src/modules/arch-plant-kit.ts': importing('./catalog/domain/arch-plant-loose-target.js'),
    },
    from: 'src/modules/arch-plant-kit.ts',
    to: 'src/modules/catalog/domain/arch-plant-loose-target.ts',
  },
  {
    rule: 'code-imports-only-code',
    why: 'orders imports through scripts/, where no rule looks',
    files: {
      'scripts/arch-plant-kit.ts': target('a hop outside the checked tree'),
      'src/modules/orders/application/arch-plant-outside.ts': importing('../../../../scripts/arch-plant-kit.js'),
    },
    from: 'src/modules/orders/application/arch-plant-outside.ts',
    to: 'scripts/arch-plant-kit.ts',
  },
  {
    rule: 'ui-is-a-client',
    why: 'a page imports a kernel error class, which would ship server code to browsers',
    files: {
      'ui/kit/arch-plant-server.ts':
        "import { NotFoundError } from '../../src/shared/errors/index.js';\nexport const plant = NotFoundError;\n",
    },
    from: 'ui/kit/arch-plant-server.ts',
    to: 'src/shared/errors/index.ts',
  },
  {
    rule: 'module-no-container-lookup',
    why: 'orders imports ModuleRef to fetch providers at run time',
    files: {
      'src/modules/orders/application/arch-plant-container.ts':
        "import { ModuleRef } from '@nestjs/core';\nexport const plant = ModuleRef;\n",
    },
    from: 'src/modules/orders/application/arch-plant-container.ts',
    to: 'node_modules/@nestjs/core/',
  },
  {
    rule: 'no-computed-require',
    why: 'a kernel file loads modules through createRequire',
    files: {
      'src/shared/arch-plant-require.ts':
        "import { createRequire } from 'node:module';\nexport const plant = createRequire;\n",
    },
    from: 'src/shared/arch-plant-require.ts',
    to: 'module',
  },
  {
    rule: 'migration-listed',
    why: 'a migration file the module index does not list',
    files: {
      'migrations/orders/1799999999999-arch-plant.ts':
        "import type { MigrationInterface } from 'typeorm';\nexport class ArchPlant1799999999999 implements MigrationInterface {\n  async up(): Promise<void> {}\n  async down(): Promise<void> {}\n}\n",
    },
    from: 'migrations/orders/1799999999999-arch-plant.ts',
    to: "(not reached from its module's migrations index)",
  },
  {
    rule: 'no-cross-schema-sql',
    why: "orders' code queries catalog's table",
    files: {
      'src/modules/orders/infrastructure/arch-plant-sql.ts':
        "export const sql = 'SELECT price_cents FROM catalog.products WHERE id = $1';\n",
    },
    from: 'src/modules/orders/infrastructure/arch-plant-sql.ts',
    to: 'catalog.products',
  },
  {
    rule: 'no-orphans',
    why: 'a file nothing imports and that imports nothing',
    files: { 'src/shared/arch-plant-orphan.ts': "export const orphan = 'nobody imports me';\n" },
    from: 'src/shared/arch-plant-orphan.ts',
    to: '(orphan',
  },
];

describe('architecture rules (npm run arch)', () => {
  let tree: ArchTree;
  let clean: RunResult;
  let planted: RunResult;
  let configured: { name: string; comment: string }[];

  beforeAll(async () => {
    tree = ArchTree.create();
    clean = await tree.npm('arch');
    const script =
      "const { default: config } = await import('./.dependency-cruiser.js'); process.stdout.write(JSON.stringify(config.forbidden))";
    configured = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: tree.dir, encoding: 'utf8' }),
    );
    for (const plant of PLANTS) for (const [file, content] of Object.entries(plant.files)) tree.write(file, content);
    planted = await tree.script('check');
  });
  afterAll(() => tree?.dispose());

  it('passes on the clean tree with one summary line', () => {
    expect({ code: clean.code, lines: clean.lines }).toEqual({
      code: 0,
      lines: [expect.stringMatching(/^arch: ok — \d+ modules \(.+\), \d+ files, \d+ rules checked, 0 baselined/)],
    });
  });

  it('fails on the planted tree', () => {
    expect(planted.code).toBe(1);
    expect(planted.stderr).toMatch(/^arch: FAILED — \d+ violation\(s\)/m);
  });

  it.each(PLANTS.map((plant) => [plant.rule, plant.why, plant] as const))('%s fires (%s)', (_rule, _why, plant) => {
    const lines = linesFor(planted, plant.rule, plant.from);
    expect(lines).toEqual([expect.stringContaining(` → `)]);
    const [line] = lines;
    expect(line.slice(`${plant.rule}: ${plant.from} → `.length)).toContain(plant.to);
    expect(line).toMatch(/ — fix: \S.{20,}/); // says what to do instead
  });

  it('a new module is bound by its definition: what it declares passes', () => {
    expect(
      planted.lines.filter((line) => line.includes('src/modules/billing/billing.module.ts → src/modules/orders/')),
    ).toEqual([]);
  });

  it('every configured rule has a name, a comment saying what to do, and a planted violation above', () => {
    for (const rule of configured) expect(rule.comment.length).toBeGreaterThan(40);
    const names = new Set([
      ...configured.map((rule) => rule.name),
      'no-circular-modules',
      'no-circular-shared',
      'no-cross-schema-sql',
    ]);
    expect([...names].sort()).toEqual([...new Set(PLANTS.map((plant) => plant.rule))].sort());
  });
});

describe('module definitions', () => {
  let tree: ArchTree;
  beforeAll(() => {
    tree = ArchTree.create();
  });
  afterAll(() => tree?.dispose());

  /** Runs the check with `file` replaced by `content`, then puts the file back. */
  const checkWith = async (file: string, content: string) => {
    const original = tree.read(file);
    tree.write(file, content);
    const result = await tree.script('check');
    tree.write(file, original);
    return result;
  };
  const edited = (module: string, edit: (text: string) => string) =>
    checkWith(
      `src/modules/${module}/${module}.module-definition.ts`,
      edit(tree.read(`src/modules/${module}/${module}.module-definition.ts`)),
    );

  it('a module folder without a definition is a configuration error (exit 2) that says what to add', async () => {
    tree.write('src/modules/billing/billing.module.ts', 'export const billing = 1;\n');
    const result = await tree.script('check');
    tree.remove('src/modules/billing');
    expect(result.code).toBe(2);
    expect(result.lines).toContain(
      'arch-config: src/modules/billing has no module definition: add src/modules/billing/billing.module-definition.ts (npm run module:new scaffolds one)',
    );
  });

  it('definitions that declare a module cycle are refused', async () => {
    const result = await edited('catalog', (text) => text.replace('dependsOn: []', "dependsOn: ['orders']"));
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'arch-config: the module definitions declare a dependency cycle catalog → orders → catalog',
    );
  });

  it('a definition naming an unknown module is refused', async () => {
    const result = await edited('users', (text) => text.replace('dependsOn: []', "dependsOn: ['payments']"));
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('"dependsOn" names "payments", which is not a folder in src/modules');
  });

  it('a definition that imports a value instead of only types is refused', async () => {
    const result = await edited(
      'users',
      (text) => `import { randomUUID } from 'node:crypto';\nexport const id = randomUUID();\n${text}`,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'src/modules/users/users.module-definition.ts must be plain data that imports types only',
    );
  });

  it('consuming an event no module publishes, or publishing under another name, is refused', async () => {
    const result = await edited('orders', (text) =>
      text
        .replace("'catalog.stock-reserved.v1',", "'catalog.stock-reserved.v9',")
        .replace("'orders.order-placed.v1'", "'order.placed.v1'"),
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('consumes "catalog.stock-reserved.v9", which no module publishes');
    expect(result.stdout).toContain('published event "order.placed.v1" must be named orders.<event>.v<n>');
  });

  it("a public route under another module's is refused", async () => {
    const result = await edited('users', (text) => text.replace("'/api/auth'", "'/api/catalog/reviews'"));
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('public route "/api/catalog/reviews" lies under catalog\'s "/api/catalog"');
  });
});
