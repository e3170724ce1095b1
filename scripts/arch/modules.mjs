/**
 * The module manifests: `src/modules/<name>/<name>.manifest.json`, one per
 * module folder. They are the single place where a module's allowed
 * dependencies are declared; `.dependency-cruiser.js` generates its rules
 * from them, and `npm run arch`, `arch:graph` and `arch:report` read them.
 *
 *   { "module": "orders", "schema": "orders", "dependsOn": ["catalog"] }
 */
import fs from 'node:fs';
import path from 'node:path';

const MODULES_DIR = 'src/modules';
const MIGRATIONS_DIR = 'migrations';
const NAME = /^[a-z][a-z0-9-]*$/;
const SCHEMA = /^[a-z_][a-z0-9_]*$/;
const KNOWN_KEYS = new Set(['$comment', 'module', 'schema', 'dependsOn', 'description']);

/**
 * @typedef {{ name: string, schema: string, dependsOn: string[], manifest: string }} ModuleManifest
 * @param {string} root the project folder (the one holding package.json)
 * @returns {{ modules: ModuleManifest[], errors: string[] }} modules sorted by name; errors say what to fix
 */
function loadModules(root) {
  const errors = [];
  const modulesDir = path.join(root, MODULES_DIR);
  if (!fs.existsSync(modulesDir)) return { modules: [], errors: [`${MODULES_DIR} does not exist`] };

  const folders = fs
    .readdirSync(modulesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const modules = [];
  for (const folder of folders) {
    const manifest = `${MODULES_DIR}/${folder}/${folder}.manifest.json`;
    const file = path.join(root, manifest);
    if (!NAME.test(folder)) {
      errors.push(
        `${MODULES_DIR}/${folder}: a module folder name must match ${NAME} (it becomes part of rule patterns)`,
      );
      continue;
    }
    if (!fs.existsSync(file)) {
      errors.push(
        `${MODULES_DIR}/${folder} has no manifest: add ${manifest} with {"module": "${folder}", "dependsOn": []}`,
      );
      continue;
    }
    let data;
    try {
      data = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      errors.push(`${manifest} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      errors.push(`${manifest} must hold a JSON object`);
      continue;
    }
    for (const key of Object.keys(data)) {
      if (!KNOWN_KEYS.has(key)) errors.push(`${manifest}: unknown key "${key}" (known: ${[...KNOWN_KEYS].join(', ')})`);
    }
    if (data.module !== folder)
      errors.push(`${manifest}: "module" must be "${folder}" (the folder name), found ${JSON.stringify(data.module)}`);
    const schema = data.schema === undefined ? folder : data.schema;
    if (typeof schema !== 'string' || !SCHEMA.test(schema))
      errors.push(`${manifest}: "schema" must be a PostgreSQL schema name matching ${SCHEMA}`);
    const dependsOn = data.dependsOn === undefined ? [] : data.dependsOn;
    if (!Array.isArray(dependsOn) || dependsOn.some((name) => typeof name !== 'string')) {
      errors.push(`${manifest}: "dependsOn" must be an array of module names`);
      continue;
    }
    modules.push({ name: folder, schema: String(schema), dependsOn: [...new Set(dependsOn)].sort(), manifest });
  }

  const names = new Set(modules.map((module) => module.name));
  for (const module of modules) {
    for (const dependency of module.dependsOn) {
      if (dependency === module.name) errors.push(`${module.manifest}: a module does not list itself in "dependsOn"`);
      else if (!names.has(dependency) && !folders.includes(dependency)) {
        errors.push(`${module.manifest}: "dependsOn" names "${dependency}", which is not a folder in ${MODULES_DIR}`);
      }
    }
  }
  const bySchema = new Map();
  for (const module of modules) {
    const owner = bySchema.get(module.schema);
    if (owner) errors.push(`${module.manifest}: schema "${module.schema}" is already owned by module "${owner}"`);
    else bySchema.set(module.schema, module.name);
  }
  const cycle = findCycle(
    new Map(modules.map((module) => [module.name, module.dependsOn.filter((name) => names.has(name))])),
  );
  if (cycle)
    errors.push(
      `the manifests declare a dependency cycle ${cycle.join(' → ')}: module dependencies must stay acyclic; invert one edge with an integration event`,
    );

  const migrationsDir = path.join(root, MIGRATIONS_DIR);
  if (fs.existsSync(migrationsDir)) {
    for (const entry of fs.readdirSync(migrationsDir, { withFileTypes: true })) {
      if (entry.isDirectory() && !folders.includes(entry.name)) {
        errors.push(
          `${MIGRATIONS_DIR}/${entry.name} belongs to no module: migrations live in ${MIGRATIONS_DIR}/<module>/ beside ${MODULES_DIR}/<module>/`,
        );
      }
    }
  }
  return { modules, errors };
}

/** Like loadModules, but throws when a manifest is wrong (for the dependency-cruiser config). */
function loadModulesOrThrow(root) {
  const { modules, errors } = loadModules(root);
  if (errors.length > 0) throw new Error(`architecture manifests are invalid:\n  ${errors.join('\n  ')}`);
  return modules;
}

/**
 * The first cycle found in a directed graph, as a closed path [a, b, ..., a]; null when acyclic.
 * @param {Map<string, string[]>} graph
 * @returns {string[] | null}
 */
function findCycle(graph) {
  const state = new Map(); // undefined: unvisited, 1: on the stack, 2: done
  const stack = [];
  const visit = (node) => {
    state.set(node, 1);
    stack.push(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (state.get(next) === 1) return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 2);
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.get(node) === undefined) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Strongly connected components with more than one node (the module cycles), each sorted.
 * @param {Map<string, Set<string>>} graph
 * @returns {string[][]}
 */
function stronglyConnected(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  const connect = (node) => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), indices.get(next)));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indices.has(node)) connect(node);
  return components.sort((a, b) => a[0].localeCompare(b[0]));
}

/** Which module a project-relative file belongs to: `src/modules/<m>/…` or `migrations/<m>/…`; null otherwise. */
function moduleOf(file) {
  const match = /^(?:src\/modules|migrations)\/([^/]+)\//.exec(file);
  return match ? match[1] : null;
}

export { MODULES_DIR, MIGRATIONS_DIR, loadModules, loadModulesOrThrow, findCycle, stronglyConnected, moduleOf };
