import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEPLOY_DIR, RENDERED, ROOT, validateOverlay } from '../../scripts/deploy/manifests.mjs';
import { describeWithKubectl } from './support/kubectl.js';

const { describe: describeRendered, reason } = describeWithKubectl();

describeRendered(`deploy/${reason}`, () => {
  it.each(RENDERED)('%s renders, and every object is valid against its schema', async (folder) => {
    const { objects, problems } = await validateOverlay(path.join(DEPLOY_DIR, folder));
    expect(problems).toEqual([]);
    expect(objects.length).toBeGreaterThan(folder.startsWith('overlays/') ? 10 : 0);
  });

  describe('validation is strict: a field the schema does not know fails', () => {
    let copy: string;
    beforeEach(() => {
      copy = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-deploy-'));
      fs.cpSync(DEPLOY_DIR, path.join(copy, 'deploy'), { recursive: true });
    });
    afterEach(() => fs.rmSync(copy, { recursive: true, force: true }));

    /** Replaces the first `from` after `after` in a file of the copy. */
    const plant = (file: string, after: string, from: string, to: string) => {
      const target = path.join(copy, 'deploy', file);
      const text = fs.readFileSync(target, 'utf8');
      const start = text.indexOf(after);
      const at = text.indexOf(from, start);
      if (start < 0 || at < 0) throw new Error(`${file} has no "${from}" after "${after}" to plant into`);
      fs.writeFileSync(target, text.slice(0, at) + to + text.slice(at + from.length));
    };
    const problemsOf = async (overlay: string) =>
      (await validateOverlay(path.join(copy, 'deploy', 'overlays', overlay))).problems;

    it('a misspelt field of a container (imagee:)', async () => {
      plant('base/main.deployment.yaml', '      containers:', 'image: tessera', 'imagee: tessera');
      const problems = await problemsOf('mini');
      expect(problems).toEqual([
        'Deployment tessera-main: spec.template.spec.containers[0].imagee: unknown field "imagee" (Container has no such field)',
      ]);
    });

    it('an unknown field in a CloudNativePG Cluster spec', async () => {
      plant(
        'base/postgres.cluster.yaml',
        'spec:',
        'instances: 3',
        'instances: 3\n  primaryUpdateStrategyy: supervised',
      );
      const problems = await problemsOf('macro');
      expect(problems).toEqual([
        'Cluster tessera-db: spec: unknown field "primaryUpdateStrategyy" (not in deploy/schemas/postgresql.cnpg.io_v1_Cluster.json)',
      ]);
    });

    it('an unknown field in a RabbitmqCluster, and a value of the wrong type', async () => {
      plant('components/split/rabbitmq.cluster.yaml', 'spec:', 'replicas: 3', 'replicas: 3\n  replica: 3');
      plant('base/main.pdb.yaml', 'spec:', 'minAvailable: 1', 'minAvailable: true');
      const problems = await problemsOf('mini');
      expect(problems).toContain(
        'RabbitmqCluster tessera-broker: spec: unknown field "replica" (not in deploy/schemas/rabbitmq.com_v1beta1_RabbitmqCluster.json)',
      );
      expect(problems.some((line) => line.startsWith('PodDisruptionBudget tessera-main: spec.minAvailable'))).toBe(
        true,
      );
    });
  });
});

describe('npm run deploy:validate without kubectl', () => {
  let bin: string;
  beforeAll(() => {
    // A PATH with node alone, wherever kubectl lives on this machine.
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-no-kubectl-'));
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  });
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));
  const validate = (ci: string) =>
    spawnSync(process.execPath, ['scripts/deploy/validate.mjs'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: bin, CI: ci },
    });

  it('is skipped, loudly, outside CI', () => {
    const result = validate('');
    expect(result.stderr).toContain('deploy:validate: SKIPPED, nothing was validated: kubectl is not on PATH');
    expect(result.status).toBe(0);
  });

  it('fails under CI, saying why', () => {
    const result = validate('true');
    expect(result.stderr).toContain('deploy:validate: FAILED: kubectl is not on PATH');
    expect(result.status).toBe(1);
  });
});
