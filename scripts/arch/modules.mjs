/**
 * The module definitions: `src/modules/<name>/<name>.module-definition.ts`, one per module folder,
 * plain data (types may be imported, values may not). They are the one place a module is declared;
 * `.dependency-cruiser.js` generates its rules from them, `npm run arch`, `arch:graph` and
 * `arch:report` read them here, and the app reads the same files through the module registry.
 *
 *   export const ordersDefinition = { name: 'orders', schema: 'orders', dependsOn: ['catalog'], … }
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';

const MODULES_DIR = 'src/modules';
const MIGRATIONS_DIR = 'migrations';
// One word: the kernel also names the module's schema, role, queues, metrics and events after it.
const NAME = /^[a-z][a-z0-9]*$/;
const EVENT_TYPE = /^([a-z][a-z0-9-]*)\.[a-z][a-z0-9-]*\.v\d+$/;
const KEYS = ['name', 'schema', 'description', 'dependsOn', 'publicRoutes', 'publishes', 'consumes'];

/** The path of a module's definition file, relative to the project folder. */
const definitionFileOf = (folder) => `${MODULES_DIR}/${folder}/${folder}.module-definition.ts`;

/**
 * The value a definition file exports, evaluated without the app: the TypeScript is transpiled
 * (type imports vanish) and run in an empty context, so a value import fails as the mistake it is.
 * @returns {{ value?: unknown, error?: string }}
 */
function evaluateDefinition(file, source) {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    fileName: file,
  });
  const sandbox = { exports: {} };
  try {
    vm.runInNewContext(outputText, sandbox, { filename: file, timeout: 1000 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { error: `${file} must be plain data that imports types only (${reason})` };
  }
  const values = Object.values(sandbox.exports).filter((value) => value !== undefined);
  if (values.length !== 1) return { error: `${file} must export exactly one value, the module definition` };
  return { value: values[0] };
}

const isStringList = (value) => Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * @typedef {{ name: string, schema: string, description: string, dependsOn: string[], publicRoutes: string[],
 *   publishes: string[], consumes: string[], definitionFile: string }} ModuleDeclaration
 * @param {string} root the project folder (the one holding package.json)
 * @returns {{ modules: ModuleDeclaration[], errors: string[] }} modules sorted by name; errors say what to fix
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
    const definitionFile = definitionFileOf(folder);
    const file = path.join(root, definitionFile);
    if (!NAME.test(folder)) {
      errors.push(
        `${MODULES_DIR}/${folder}: a module folder name must match ${NAME} (it becomes part of rule patterns)`,
      );
      continue;
    }
    if (!fs.existsSync(file)) {
      errors.push(
        `${MODULES_DIR}/${folder} has no module definition: add ${definitionFile} (npm run module:new scaffolds one)`,
      );
      continue;
    }
    const { value: data, error } = evaluateDefinition(definitionFile, fs.readFileSync(file, 'utf8'));
    if (error) {
      errors.push(error);
      continue;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      errors.push(`${definitionFile} must export an object`);
      continue;
    }
    for (const key of Object.keys(data)) {
      if (!KEYS.includes(key)) errors.push(`${definitionFile}: unknown key "${key}" (known: ${KEYS.join(', ')})`);
    }
    if (data.name !== folder)
      errors.push(
        `${definitionFile}: "name" must be "${folder}" (the folder name), found ${JSON.stringify(data.name)}`,
      );
    if (data.schema !== folder) {
      errors.push(`${definitionFile}: "schema" must be "${folder}", the module's name, which the kernel uses for both`);
    }
    if (typeof data.description !== 'string' || data.description.trim() === '')
      errors.push(`${definitionFile}: "description" must be one sentence`);
    const lists = ['dependsOn', 'publicRoutes', 'publishes', 'consumes'];
    const invalid = lists.filter((key) => !isStringList(data[key]));
    for (const key of invalid) errors.push(`${definitionFile}: "${key}" must be an array of strings`);
    if (invalid.length > 0) continue;
    for (const route of data.publicRoutes) {
      if (!/^\/api\/[a-z0-9/-]+[a-z0-9]$/.test(route))
        errors.push(`${definitionFile}: public route "${route}" must be a path prefix under /api/`);
    }
    for (const type of data.publishes) {
      if (EVENT_TYPE.exec(type)?.[1] !== folder)
        errors.push(`${definitionFile}: published event "${type}" must be named ${folder}.<event>.v<n>`);
    }
    for (const type of data.consumes) {
      const publisher = EVENT_TYPE.exec(type)?.[1];
      if (!publisher || publisher === folder)
        errors.push(`${definitionFile}: consumed event "${type}" must be another module's <module>.<event>.v<n>`);
    }
    modules.push({
      name: folder,
      schema: data.schema,
      description: data.description,
      dependsOn: [...new Set(data.dependsOn)].sort(),
      publicRoutes: [...data.publicRoutes],
      publishes: [...data.publishes],
      consumes: [...data.consumes],
      definitionFile,
    });
  }

  const names = new Set(modules.map((module) => module.name));
  for (const module of modules) {
    for (const dependency of module.dependsOn) {
      if (dependency === module.name)
        errors.push(`${module.definitionFile}: a module does not list itself in "dependsOn"`);
      else if (!names.has(dependency) && !folders.includes(dependency)) {
        errors.push(
          `${module.definitionFile}: "dependsOn" names "${dependency}", which is not a folder in ${MODULES_DIR}`,
        );
      }
    }
  }
  const publishers = new Map(modules.flatMap((module) => module.publishes.map((type) => [type, module.name])));
  for (const module of modules) {
    for (const type of module.consumes) {
      if (!publishers.has(type)) errors.push(`${module.definitionFile}: consumes "${type}", which no module publishes`);
    }
  }
  const routes = modules.flatMap((module) => module.publicRoutes.map((route) => ({ route, module })));
  for (const { route, module } of routes) {
    const other = routes.find(
      (entry) => entry.module !== module && (entry.route === route || route.startsWith(`${entry.route}/`)),
    );
    if (other)
      errors.push(
        `${module.definitionFile}: public route "${route}" lies under ${other.module.name}'s "${other.route}"`,
      );
  }
  const bySchema = new Map();
  for (const module of modules) {
    const owner = bySchema.get(module.schema);
    if (owner) errors.push(`${module.definitionFile}: schema "${module.schema}" is already owned by module "${owner}"`);
    else bySchema.set(module.schema, module.name);
  }
  const cycle = findCycle(
    new Map(modules.map((module) => [module.name, module.dependsOn.filter((name) => names.has(name))])),
  );
  if (cycle)
    errors.push(
      `the module definitions declare a dependency cycle ${cycle.join(' → ')}: module dependencies must stay acyclic; invert one edge with an integration event`,
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

/** Like loadModules, but throws when a definition is wrong (for the dependency-cruiser config). */
function loadModulesOrThrow(root) {
  const { modules, errors } = loadModules(root);
  if (errors.length > 0) throw new Error(`module definitions are invalid:\n  ${errors.join('\n  ')}`);
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
