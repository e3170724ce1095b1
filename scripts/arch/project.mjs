/**
 * What `npm run arch`, `arch:graph` and `arch:report` share: the project root,
 * the module definitions, one dependency-cruiser run over src/, migrations/ and ui/ with
 * `.dependency-cruiser.js`, and the module graph derived from it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaReferences, sourceOf, tsFiles } from './schema-references.mjs';

import { loadModules, moduleOf, stronglyConnected } from './modules.mjs';

export { loadModules, moduleOf, stronglyConnected };

/** The project folder: two levels above this file, wherever the tree was copied. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CONFIG_FILE = '.dependency-cruiser.js';
export const BASELINE_FILE = '.arch-baseline.json';
export const CRUISED = ['src', 'migrations', 'ui'];
export const MODULE_CYCLE_RULE = 'no-circular-modules';
/** The folders of src/shared are layers: no two may depend on each other, even through different files. */
export const SHARED_CYCLE_RULE = 'no-circular-shared';
const SHARED_CYCLE_FIX =
  'The folders of src/shared are layers: each may use only folders below it (errors at the bottom, config above ' +
  'it, the module-runtime kit near the top), so any of them can be understood, tested and replaced without the ones above. ' +
  'Move what both sides need into a lower folder, or let the higher folder compose the lower ones (as module-runtime composes ' +
  'database and messaging) instead of the lower one reaching up.';
/** Checked on the source text, not the import graph: SQL in one module naming another module's schema. */
export const CROSS_SCHEMA_RULE = 'no-cross-schema-sql';
const CROSS_SCHEMA_FIX =
  "This SQL names another module's schema: a module reads and writes only its own tables (its database role is refused the " +
  'others at run time, and after extraction they are not even in its database). Ask the owning module through its facade, ' +
  'or keep a copy of what you need, fed by its integration events.';
export const MODULE_CYCLE_FIX =
  'Module dependencies must stay acyclic (a module can only be extracted if what it depends on does not depend on it). ' +
  'Keep the direction the module definitions declare and invert the other edge: instead of calling back, publish an integration ' +
  'event from public/events/ that the other module consumes, or pass the data in through the facade call.';

/** Wrong module definitions or configuration: `npm run arch` exits 2 and prints each problem. */
export class ArchConfigError extends Error {
  constructor(problems) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

/** The module definitions, or ArchConfigError. Paths are relative to ROOT. */
/**
 * Runs a script's `main` and sets the exit code it returns; a broken
 * configuration (module definitions, dependency-cruiser file, baseline) prints one
 * `arch-config:` line per problem and exits 2.
 */
export async function runArchScript(main) {
  try {
    process.exitCode = await main();
  } catch (error) {
    if (!(error instanceof ArchConfigError)) throw error;
    for (const problem of error.problems) process.stdout.write(`arch-config: ${problem}\n`);
    process.exitCode = 2;
  }
}

export function readModules() {
  const { modules, errors } = loadModules(ROOT);
  if (errors.length > 0) throw new ArchConfigError(errors);
  return modules;
}

/**
 * Cruises src/ and migrations/ with the project configuration.
 * @returns {Promise<{ modules: ReturnType<typeof readModules>, ruleSet: import('dependency-cruiser').IConfiguration, result: import('dependency-cruiser').ICruiseResult }>}
 */
export async function cruiseProject() {
  process.chdir(ROOT); // dependency-cruiser resolves everything against the working directory
  const modules = readModules();
  // Loaded here, not at the top: definition errors and arch:report do not pay for dependency-cruiser.
  const [{ cruise }, { default: extractDepcruiseConfig }, { default: extractTSConfig }] = await Promise.all([
    import('dependency-cruiser'),
    import('dependency-cruiser/config-utl/extract-depcruise-config'),
    import('dependency-cruiser/config-utl/extract-ts-config'),
  ]);
  let ruleSet;
  try {
    ruleSet = await extractDepcruiseConfig(`./${CONFIG_FILE}`);
  } catch (error) {
    throw new ArchConfigError([`${CONFIG_FILE}: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const tsConfigFile = ruleSet.options?.tsConfig?.fileName;
  const tsConfig = tsConfigFile ? extractTSConfig(tsConfigFile) : {};
  const { output } = await cruise(CRUISED, { ruleSet, validate: true, outputType: 'json' }, {}, { tsConfig });
  const result = typeof output === 'string' ? JSON.parse(output) : output;
  return { modules, ruleSet, result };
}

/** The project's own files in a cruise result (not packages or Node built-ins). */
export function projectFiles(result) {
  return result.modules.filter((module) => /^(src|migrations)\//.test(module.source));
}

/**
 * Module → module edges, each with the file dependencies behind it (sorted).
 * A module's files are src/modules/<m>/** and migrations/<m>/**.
 * @returns {Map<string, Map<string, Array<{ from: string, to: string }>>>}
 */
export function moduleGraph(result, modules) {
  return groupGraph(
    result,
    modules.map((module) => module.name),
    moduleOf,
  );
}

/** The folder of src/shared a file is in (`database` for src/shared/database/…); undefined elsewhere. */
const sharedFolderOf = (file) => /^src\/shared\/([^/]+)\//.exec(file ?? '')?.[1];

/** Folder → folder edges inside src/shared, like `moduleGraph`. */
export function sharedGraph(result) {
  const folders = [
    ...new Set(
      projectFiles(result)
        .map((file) => sharedFolderOf(file.source))
        .filter(Boolean),
    ),
  ].sort();
  return groupGraph(result, folders, sharedFolderOf);
}

/** Edges between groups of files (`groupOf` names a file's group), each with the file dependencies behind it. */
function groupGraph(result, groups, groupOf) {
  const graph = new Map(groups.map((name) => [name, new Map()]));
  for (const file of projectFiles(result)) {
    const from = groupOf(file.source);
    if (!from || !graph.has(from)) continue;
    for (const dependency of file.dependencies) {
      const to = groupOf(dependency.resolved);
      if (!to || to === from || !graph.has(to)) continue;
      const edges = graph.get(from);
      if (!edges.has(to)) edges.set(to, []);
      edges.get(to).push({ from: file.source, to: dependency.resolved });
    }
  }
  for (const edges of graph.values()) {
    for (const list of edges.values()) list.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  }
  return graph;
}

/** One violation per edge inside each cycle of a group graph, pointing at its first file dependency. */
function cycleViolations(graph, rule, fix, kind) {
  const violations = [];
  const adjacency = new Map([...graph].map(([name, edges]) => [name, new Set(edges.keys())]));
  for (const component of stronglyConnected(adjacency)) {
    const members = new Set(component);
    for (const from of component) {
      for (const [to, dependencies] of graph.get(from)) {
        if (!members.has(to)) continue;
        const [first] = dependencies;
        const more = dependencies.length > 1 ? ` (and ${dependencies.length - 1} more ${from} → ${to} imports)` : '';
        violations.push({
          rule,
          from: first.from,
          to: first.to,
          fix,
          detail: `${kind} cycle: ${component.join(' ⇄ ')}; this edge is ${from} → ${to}${more}`,
        });
      }
    }
  }
  return violations;
}

/**
 * Every rule violation, dependency-cruiser's plus the module cycles, as
 * { rule, from, to, fix, detail } sorted by rule, from, to.
 */
export function collectViolations({ modules, ruleSet, result }) {
  const violations = [];
  for (const violation of result.summary.violations) {
    const rule = violation.rule.name;
    const detail = violation.cycle?.length
      ? `cycle: ${[violation.from, ...violation.cycle.map((step) => step.name)].join(' → ')}`
      : undefined;
    violations.push({
      rule,
      from: violation.from,
      to: violation.to,
      fix: fixFor(ruleSet, rule, violation.from),
      detail,
    });
  }

  violations.push(...cycleViolations(moduleGraph(result, modules), MODULE_CYCLE_RULE, MODULE_CYCLE_FIX, 'module'));
  violations.push(...cycleViolations(sharedGraph(result), SHARED_CYCLE_RULE, SHARED_CYCLE_FIX, 'shared folder'));
  for (const module of modules) {
    const others = modules.filter((other) => other.name !== module.name).map((other) => other.schema);
    for (const file of [
      ...tsFiles(path.join(ROOT, 'src/modules', module.name)),
      ...tsFiles(path.join(ROOT, 'migrations', module.name)),
    ]) {
      for (const hit of schemaReferences(sourceOf(file), others)) {
        const from = path.relative(ROOT, file).split(path.sep).join('/');
        violations.push({
          rule: CROSS_SCHEMA_RULE,
          from,
          to: hit.sql,
          fix: CROSS_SCHEMA_FIX,
          detail: `line ${hit.line}`,
        });
      }
    }
  }
  return dedupe(violations).sort(byKey);
}

/** The number of distinct rules checked, including the cycle rules computed here. */
export function ruleNames(ruleSet) {
  return [
    ...new Set([
      ...(ruleSet.forbidden ?? []).map((rule) => rule.name),
      MODULE_CYCLE_RULE,
      SHARED_CYCLE_RULE,
      CROSS_SCHEMA_RULE,
    ]),
  ].sort();
}

export const keyOf = (entry) => `${entry.rule}\u0000${entry.from}\u0000${entry.to}`;
const byKey = (a, b) => a.rule.localeCompare(b.rule) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to);

function dedupe(violations) {
  const seen = new Map();
  for (const violation of violations) if (!seen.has(keyOf(violation))) seen.set(keyOf(violation), violation);
  return [...seen.values()];
}

/** The comment of the (generated, possibly module-specific) rule that matched this file. */
function fixFor(ruleSet, name, from) {
  const candidates = (ruleSet.forbidden ?? []).filter((rule) => rule.name === name);
  const matching = candidates.find((rule) => {
    const patterns = [rule.from?.path ?? []].flat();
    return patterns.length === 0 || patterns.some((pattern) => new RegExp(pattern).test(from));
  });
  return (matching ?? candidates[0])?.comment ?? 'see docs/architecture.md';
}
