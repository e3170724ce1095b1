import { kubectlStatus } from '../../../scripts/deploy/manifests.mjs';

/**
 * `describe` when kubectl can render the overlays; otherwise `describe.skip` with the reason in the
 * suite's name, so the summary says why. Under CI a missing kubectl is an error.
 */
export function describeWithKubectl(): { describe: jest.Describe; reason: string } {
  const status = kubectlStatus();
  if (status.available) return { describe, reason: '' };
  const reason = `skipped: ${status.reason}`;
  if (process.env.CI) throw new Error(`The deploy tests need kubectl under CI: ${reason}`);
  process.stderr.write(`\n  [deploy] ${reason}\n`);
  return { describe: describe.skip, reason: ` (${reason})` };
}
