import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArchTree, linesFor, ROOT } from './arch-tree.js';

const importing = (specifier: string) => `import * as planted from '${specifier}';\nexport const plant = planted;\n`;
const ACCEPTED = 'src/modules/users/application/arch-plant-accepted.ts';
const FRESH = 'src/modules/users/application/arch-plant-fresh.ts';

interface Baseline {
  violations: { rule: string; from: string; to: string }[];
}

/**
 * The ratchet: today's violations can be recorded and accepted, a new one still
 * fails, and an accepted one that no longer occurs fails until its entry is removed.
 */
describe('architecture baseline (.arch-baseline.json)', () => {
  let tree: ArchTree;
  beforeAll(() => {
    tree = ArchTree.create();
  });
  afterAll(() => tree?.dispose());

  it('is committed empty: the current code has no accepted violation', () => {
    const baseline = JSON.parse(readFileSync(join(ROOT, '.arch-baseline.json'), 'utf8')) as Baseline;
    expect(baseline.violations).toEqual([]);
  });

  it('records existing violations, then fails on a new one but not on the recorded one', async () => {
    tree.write(ACCEPTED, importing('../../catalog/public/index.js'));
    const update = await tree.npm('arch', '--update-baseline');
    expect(update.code).toBe(0);
    expect((JSON.parse(tree.read('.arch-baseline.json')) as Baseline).violations).toEqual([
      { rule: 'module-undeclared-dependency', from: ACCEPTED, to: 'src/modules/catalog/public/index.ts' },
    ]);

    const accepted = await tree.script('check');
    expect(accepted.code).toBe(0);
    expect(accepted.lines).toEqual([expect.stringMatching(/^arch: ok — .*, 1 baselined violation\(s\)$/)]);

    tree.write(FRESH, importing('../../orders/public/index.js'));
    const fresh = await tree.script('check');
    expect(fresh.code).toBe(1);
    expect(linesFor(fresh, 'module-undeclared-dependency', FRESH)).toHaveLength(1);
    expect(fresh.lines.filter((line) => line.includes(ACCEPTED))).toEqual([]);
  });

  it('fails on a stale entry once the accepted violation is fixed, until the entry is removed', async () => {
    tree.remove(FRESH).remove(ACCEPTED);
    const stale = await tree.script('check');
    expect(stale.code).toBe(1);
    expect(stale.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^stale-baseline-entry: ${ACCEPTED} → src/modules/catalog/public/index.ts — fix: 'module-undeclared-dependency' no longer occurs here; remove this entry`,
        ),
      ),
    );

    // Removing the entry (here with --update-baseline, which rewrites the file from the code) clears it.
    const shrunk = await tree.script('check', '--update-baseline');
    expect(shrunk.code).toBe(0);
    expect((JSON.parse(tree.read('.arch-baseline.json')) as Baseline).violations).toEqual([]);
  });
});
