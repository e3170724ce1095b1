import { ArchTree, runInProject } from './arch-tree.js';

interface ModuleReport {
  module: string;
  schema: string;
  facades: { name: string; file: string }[];
  calledBy: { module: string; name: string; from: string }[];
  calls: { module: string; name: string; from: string }[];
  publishes: { file: string; contracts: string[]; types: string[] }[];
  consumes: { module: string; name: string; from: string; contract?: string; byTypeName?: boolean }[];
  crossSchemaReferences: { file?: string; line?: number; schema: string; sql: string }[];
}

const parse = (stdout: string) => (JSON.parse(stdout) as { modules: ModuleReport[] }).modules;

describe('module graph (npm run arch:graph)', () => {
  it('the committed graph (docs/architecture/ and docs/architecture.md) matches the code', async () => {
    const result = await runInProject('graph', '--check');
    expect({ code: result.code, out: result.stdout }).toEqual({
      code: 0,
      out: expect.stringMatching(/^arch-graph: ok/),
    });
  });

  it('notices a new module edge until the graph is regenerated', async () => {
    const tree = ArchTree.create();
    try {
      const before = tree.read('docs/architecture/modules.mmd');
      tree.write(
        'src/modules/users/application/arch-plant-edge.ts',
        "import * as catalog from '../../catalog/public/index.js';\nexport const plant = catalog;\n",
      );
      const stale = await tree.script('graph', '--check');
      expect(stale.code).toBe(1);
      expect(stale.lines).toContain(
        'arch-graph: docs/architecture/modules.mmd does not match the code — fix: run npm run arch:graph and commit the result',
      );
      expect((await tree.npm('arch:graph')).code).toBe(0);
      const after = tree.read('docs/architecture/modules.mmd');
      expect(after).not.toEqual(before);
      expect(after.split('\n').filter((line) => line.includes('-->')).length).toBe(
        before.split('\n').filter((line) => line.includes('-->')).length + 1,
      );
      expect(tree.read('docs/architecture.md')).toContain(`\`\`\`mermaid\n${after}\`\`\``);
    } finally {
      tree.dispose();
    }
  });
});

describe('extraction readiness (npm run arch:report)', () => {
  it('reports facades, events and zero cross-schema references for the current code', async () => {
    const result = await runInProject('report', '--json');
    expect(result.code).toBe(0);
    const modules = parse(result.stdout);
    const orders = modules.find((module) => module.module === 'orders')!;
    const catalog = modules.find((module) => module.module === 'catalog')!;
    expect(catalog.facades).toContainEqual({
      name: 'CatalogFacade',
      file: 'src/modules/catalog/public/catalog.facade.ts',
    });
    expect(orders.calls).toContainEqual(expect.objectContaining({ module: 'catalog', name: 'CatalogFacade' }));
    expect(catalog.calledBy).toContainEqual(expect.objectContaining({ module: 'orders', name: 'CatalogFacade' }));
    for (const module of modules) {
      expect(module.crossSchemaReferences).toEqual([]);
      for (const event of module.publishes) {
        expect(event.file.startsWith(`src/modules/${module.module}/public/events/`)).toBe(true);
        for (const type of event.types) expect(type.startsWith(`${module.module}.`)).toBe(true);
      }
    }
  });

  it('sees a published and a consumed event contract, and fails on SQL naming another schema', async () => {
    const tree = ArchTree.create();
    try {
      tree
        .write(
          'src/modules/orders/public/events/arch-probe.v1.ts',
          "export const ArchProbeV1 = { type: 'orders.arch-probe.v1' } as const;\nexport interface ArchProbeV1Payload { readonly orderId: string }\n",
        )
        .write(
          'src/modules/orders/public/index.ts',
          `${tree.read('src/modules/orders/public/index.ts')}export * from './events/arch-probe.v1.js';\n`,
        )
        .write(
          'src/modules/catalog/application/arch-probe.consumer.ts',
          "import { ArchProbeV1, type ArchProbeV1Payload } from '../../orders/public/index.js';\nexport const plant: [typeof ArchProbeV1, ArchProbeV1Payload?] = [ArchProbeV1];\n",
        )
        .write(
          'migrations/orders/9999999999999-arch-probe.ts',
          [
            "import type { MigrationInterface, QueryRunner } from 'typeorm';",
            'export class ArchProbe9999999999999 implements MigrationInterface {',
            '  async up(db: QueryRunner): Promise<void> {',
            '    await db.query(`ALTER TABLE orders.orders',
            '      ADD COLUMN probe uuid REFERENCES "catalog"."products" (id)`);',
            '  }',
            '  async down(): Promise<void> {}',
            '}',
            '',
          ].join('\n'),
        );
      const result = await tree.script('report', '--json');
      expect(result.code).toBe(1);
      const modules = parse(result.stdout);
      const orders = modules.find((module) => module.module === 'orders')!;
      const catalog = modules.find((module) => module.module === 'catalog')!;
      expect(orders.publishes).toContainEqual({
        file: 'src/modules/orders/public/events/arch-probe.v1.ts',
        contracts: ['ArchProbeV1', 'ArchProbeV1Payload'],
        types: ['orders.arch-probe.v1'],
      });
      expect(catalog.consumes).toEqual(
        expect.arrayContaining(
          ['ArchProbeV1', 'ArchProbeV1Payload'].map((name) => ({
            module: 'orders',
            name,
            from: 'src/modules/catalog/application/arch-probe.consumer.ts',
            contract: 'src/modules/orders/public/events/arch-probe.v1.ts',
          })),
        ),
      );
      expect(orders.crossSchemaReferences).toEqual([
        {
          file: 'migrations/orders/9999999999999-arch-probe.ts',
          line: 5,
          schema: 'catalog',
          sql: '"catalog"."products"',
        },
      ]);
      const text = await tree.script('report');
      expect(text.stdout).toContain('orders: NOT ready — 1 cross-schema reference(s)');
      expect(text.stdout).toContain('catalog: ready to extract (no cross-schema reference)');
      expect(text.stdout).toMatch(/^arch-report: \d+ modules, .* 1 cross-schema reference\(s\)$/m);
      expect(text.stdout).toContain('migrations/orders/9999999999999-arch-probe.ts:5: "catalog"."products"');
    } finally {
      tree.dispose();
    }
  });
});
