// `npm run deploy:validate [-- <overlay or folder under deploy/>…]`: renders each overlay under
// deploy/overlays/ and each operation under deploy/operations/ with `kubectl kustomize`, and
// validates every object offline and strictly (scripts/deploy/manifests.mjs).
// Without kubectl it fails under CI and is skipped, loudly, elsewhere.
import path from 'node:path';
import { DEPLOY_DIR, kubectlStatus, OVERLAYS, RENDERED, ROOT } from './manifests.mjs';

const asked = process.argv.slice(2);
const folders = (asked.length > 0 ? asked : RENDERED).map((name) =>
  OVERLAYS.includes(name) ? `overlays/${name}` : name,
);
const kubectl = kubectlStatus();
if (!kubectl.available) {
  if (process.env.CI) {
    process.stderr.write(`deploy:validate: FAILED: ${kubectl.reason}; CI must validate the manifests\n`);
    process.exit(1);
  }
  process.stderr.write(
    `\ndeploy:validate: SKIPPED, nothing was validated: ${kubectl.reason}. Install kubectl (1.27 or later) to run it.\n\n`,
  );
  process.exit(0);
}

const { validateOverlay } = await import('./manifests.mjs');
let failed = false;
for (const folder of folders) {
  const dir = path.join(DEPLOY_DIR, folder);
  const label = path.relative(ROOT, dir);
  try {
    const { objects, problems } = await validateOverlay(dir);
    if (problems.length > 0) {
      failed = true;
      process.stderr.write(
        `${label}: ${problems.length} problem(s)\n${problems.map((line) => `  ${line}\n`).join('')}`,
      );
      continue;
    }
    const kinds = new Map();
    for (const object of objects) kinds.set(object.kind, (kinds.get(object.kind) ?? 0) + 1);
    const summary = [...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ');
    process.stdout.write(`${label}: ${objects.length} object${objects.length === 1 ? '' : 's'} valid (${summary})\n`);
  } catch (error) {
    failed = true;
    process.stderr.write(`${label}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
process.exit(failed ? 1 : 0);
