// `npm run module:new -- <name>`: scaffold a module (module-template.mjs), then regenerate the module
// registry. Refuses, writing nothing, a name that is not one lower-case word, is reserved, or is taken.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { moduleFiles, namesOf } from './module-template.mjs';
import { REGISTRY_FILE, writeRegistry } from './registry.mjs';

/** One lower-case word, as scripts/arch/modules.mjs requires of every module folder. */
const WORD = /^[a-z][a-z0-9]*$/;
/** Names the kernel, the HTTP surface, PostgreSQL (`public`) or the benchmarks (`lean`) already use. */
const RESERVED = new Set([
  'shared',
  'operations',
  'internal',
  'api',
  'admin',
  'auth',
  'health',
  'metrics',
  'docs',
  'kernel',
  'modules',
  'module',
  'tessera',
  'app',
  'public',
  'test',
  'index',
  'lean',
]);

/** The problem with a module name, or null. */
export function refusal(root, name) {
  if (typeof name !== 'string' || !WORD.test(name)) {
    return `"${name ?? ''}" is not a module name: one lower-case word of letters and digits (e.g. shipping), since it also names the module's schema, role, queues and events`;
  }
  if (name.length > 40)
    return `"${name}" is too long: 40 characters at most (it becomes a schema, a role and variable names)`;
  if (RESERVED.has(name)) return `"${name}" is reserved`;
  for (const taken of [`src/modules/${name}`, `migrations/${name}`]) {
    if (fs.existsSync(path.join(root, taken))) return `a module named "${name}" exists already (${taken})`;
  }
  return null;
}

/** Writes the module's files and the registry; returns the files written. */
export async function createModule(root, name, timestamp = Date.now()) {
  const problem = refusal(root, name);
  if (problem) throw new Error(problem);
  const files = moduleFiles(name, timestamp);
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(
      target,
      await prettier.format(text, { ...(await prettier.resolveConfig(target)), filepath: target }),
    );
  }
  await writeRegistry(root);
  return [...Object.keys(files), REGISTRY_FILE];
}

async function main() {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const name = process.argv[2];
  try {
    const written = await createModule(root, name);
    const { name: module, pascal } = namesOf(name);
    process.stdout.write(
      [
        `module:new: wrote ${written.length} files for ${module} (${pascal}Module):`,
        ...written.map((file) => `  ${file}`),
        '',
        'Nothing else in the code names the module: the registry, the architecture rules, the readiness',
        'report, the test suites, MODULES / <MODULE>_URL and `npm run extract` pick it up. Next:',
        `  1. say what ${module} does in src/modules/${module}/${module}.module-definition.ts`,
        '  2. npm run openapi     (its routes join docs/openapi.json)',
        `  3. describe ${module}.item-created.v1 in docs/events.md (a test checks every event is there)`,
        '  4. npm run arch && npm run arch:graph   (the gate, and the module graph in docs)',
        `  5. npm run test:jest -- src/modules/${module}`,
        `  6. the one hand edit: add ${module} to MODULES of the main process in deploy/components/catalog-process/kustomization.yaml`,
        '     (the mini and micro overlays list what main hosts; test/deploy fails until it is there)',
        '',
      ].join('\n'),
    );
  } catch (error) {
    process.stderr.write(
      `module:new: ${error instanceof Error ? error.message : String(error)}; nothing was written\n`,
    );
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
