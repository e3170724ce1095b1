// `npm run test:faults -- [--seed N]... [--seconds S] [--stage macro|mini|mini-shipping]...`: the seeded fault
// suite (test/faults/faults.spec.ts) through Jest, which cannot take arguments of its own. Without arguments it
// runs the short schedule CI runs: seeds 1 and 2, 40 s each, on macro, mini and mini-shipping.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', multiple: true },
    seconds: { type: 'string' },
    stage: { type: 'string', multiple: true },
  },
});
const env = {
  ...process.env,
  ...(values.seed ? { FAULT_SEEDS: values.seed.join(',') } : {}),
  ...(values.seconds ? { FAULT_SECONDS: values.seconds } : {}),
  ...(values.stage ? { FAULT_STAGES: values.stage.join(',') } : {}),
};
const result = spawnSync('npm', ['run', 'test:jest', '--', '--runInBand', 'test/faults/faults.spec.ts'], {
  env,
  stdio: 'inherit',
});
process.exitCode = result.status ?? 1;
