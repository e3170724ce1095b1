// `npm run modules:sync`: regenerate src/module-registry.ts from the module folders.
import { fileURLToPath } from 'node:url';
import { REGISTRY_FILE, writeRegistry } from './registry.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
try {
  if (await writeRegistry(root)) process.stdout.write(`modules: wrote ${REGISTRY_FILE}\n`);
} catch (error) {
  process.stderr.write(`modules: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
