/**
 * Tessera's module boundaries, for dependency-cruiser (run through `npm run arch`,
 * see docs/architecture.md). The module-specific rules are GENERATED from the
 * definitions `src/modules/<name>/<name>.module-definition.ts`: adding a module means
 * adding its folder and definition, never editing this file.
 *
 * Every rule has a `name` (printed by `npm run arch`) and a `comment` that says
 * what to do instead. Rule 5's module-level half (`no-circular-modules`) needs the
 * module graph, which dependency-cruiser does not build: scripts/arch/check.mjs
 * computes it from the cruise result.
 *
 * Spec files (`*.spec.ts`) are not cruised: tests may import test helpers,
 * devDependencies and other modules' internals to stand them in.
 */
import { fileURLToPath } from 'node:url';
import { loadModulesOrThrow } from './scripts/arch/modules.mjs';

const modules = loadModulesOrThrow(fileURLToPath(new URL('.', import.meta.url)));
const names = modules.map((module) => module.name);

/** `^(src/modules|migrations)/(a|b)/` — every file of the named modules, code and migrations. */
const filesOf = (list) => `^(src/modules|migrations)/(${list.join('|')})/`;
const publicIndexOf = (list) => `^src/modules/(${list.join('|')})/public/index\\.ts$`;
const quoted = (list) => list.map((name) => `'${name}'`).join(', ');

/** Rules generated per module from its definition. */
function moduleRules(module) {
  const { name, dependsOn } = module;
  const others = names.filter((other) => other !== name);
  const undeclared = others.filter((other) => !dependsOn.includes(other));
  const rules = [];
  if (others.length > 0) {
    rules.push({
      name: 'module-through-public-index',
      severity: 'error',
      comment:
        `'${name}' may use another module only through that module's public index: import from ` +
        `'src/modules/<other>/public/index.js'. If what you need is not exported there, ask the owning module to add it to its ` +
        'public contract (facade method, DTO or integration event) instead of reaching into its internals or migrations.',
      from: { path: `^src/modules/${name}/` },
      to: { path: filesOf(others), pathNot: publicIndexOf(others) },
    });
    rules.push({
      name: 'migrations-stay-in-module',
      severity: 'error',
      comment:
        `migrations/${name} may import only '${name}' and src/shared: copy the SQL or constant you need into the migration ` +
        "(a migration is a frozen snapshot); another module's tables are not yours to change.",
      from: { path: `^migrations/${name}/` },
      to: { path: filesOf(others) },
    });
  }
  rules.push({
    name: 'public-is-self-contained',
    severity: 'error',
    comment:
      `src/modules/${name}/public is '${name}'s contract and may import only other files in that public folder, src/shared ` +
      'and packages: move the type into public/ (a DTO or event contract of its own) and map to it in application/; ' +
      "never re-export domain or infrastructure types, and do not build a contract on another module's contract.",
    from: { path: `^src/modules/${name}/public/` },
    to: { path: '^(src/modules|migrations)/', pathNot: `^src/modules/${name}/public/` },
  });
  rules.push({
    name: 'domain-no-infrastructure',
    severity: 'error',
    comment:
      `src/modules/${name}/domain must not import infrastructure/ or http/: declare what the domain needs as an abstract ` +
      'class (a port) in domain/ and implement it in infrastructure/; keep request/response shapes in http/ and map in application/.',
    from: { path: `^src/modules/${name}/domain/` },
    to: { path: `^src/modules/${name}/(infrastructure|http)/` },
  });
  if (undeclared.length > 0) {
    rules.push({
      name: 'module-undeclared-dependency',
      severity: 'error',
      comment:
        `'${name}' declares dependsOn [${quoted(dependsOn)}] in ${module.definitionFile}; it may not depend on ${quoted(undeclared)}. ` +
        'Remove the import (react to an integration event, or receive the data as a parameter), or, if the dependency is ' +
        'intended and keeps the module graph acyclic, add it to dependsOn in its module definition (and review it).',
      from: { path: filesOf([name]) },
      to: { path: filesOf(undeclared) },
    });
  }
  return rules;
}

/** Rules that hold for every module and the kernel. */
const globalRules = [
  {
    name: 'module-imports-no-app',
    severity: 'error',
    comment:
      "A module knows the kernel (src/shared) and other modules' public indexes, never the application around it " +
      '(src/operations, app.module, bootstrap, cli/): the application composes modules, not the other way round. ' +
      'Move what the module needs into src/shared, or have the application hand it to the module.',
    from: { path: '^src/modules/' },
    to: { path: '^src/(?!modules/|shared/)' },
  },
  {
    name: 'app-through-module-file',
    severity: 'error',
    comment:
      'Code outside the modules (main.ts, bootstrap, module-registry, cli/) may import a module only through ' +
      'src/modules/<name>/<name>.module.ts or its public index: expose what the app needs there (e.g. a static on the Nest module).',
    // Loose files directly under src/modules/ count as outside the modules too (a barrel there would launder internals).
    from: { path: '^src/', pathNot: '^src/(modules/[^/]+/|shared/)' },
    to: {
      path: filesOf(names),
      pathNot: [
        publicIndexOf(names),
        `^src/modules/(${names.map((name) => `${name}/${name}`).join('|')})\\.module\\.ts$`,
      ],
    },
  },
  {
    name: 'domain-no-framework',
    severity: 'error',
    comment:
      'domain/ holds plain TypeScript: no @nestjs/*, typeorm or pg. Keep decorators, entities and SQL in infrastructure/ or ' +
      'application/; give the domain an abstract class (a port) and bind it in <name>.module.ts.',
    from: { path: '^src/modules/[^/]+/domain/' },
    to: { path: '(^|/)node_modules/(@nestjs/[^/]+|typeorm|pg)/' },
  },
  {
    name: 'shared-imports-no-module',
    severity: 'error',
    comment:
      'src/shared is the kernel every module uses and knows no module, migration or app file: move the code into the module ' +
      'that owns it, or make the kernel generic (a token, an interface or a callback the module registers).',
    from: { path: '^src/shared/' },
    to: { path: '^(src|migrations)/', pathNot: '^src/shared/' },
  },
  {
    name: 'no-circular',
    severity: 'error',
    comment:
      'These files import each other (in a cycle). Move what both need into a third file they both import, or invert one ' +
      'import (pass a callback, or depend on an abstract class defined on the other side).',
    from: { path: '^(src|migrations)/' },
    to: { circular: true },
  },
  {
    name: 'no-dev-dependency-in-production',
    severity: 'error',
    comment:
      'src/ and migrations/ ship to production, where devDependencies are not installed: move the package to "dependencies" ' +
      'in package.json if production code needs it, or keep its use in *.spec.ts / test/.',
    from: { path: '^(src|migrations)/' },
    to: { dependencyTypes: ['npm-dev'] },
  },
  {
    name: 'no-unresolvable-import',
    severity: 'error',
    comment:
      "This import resolves to nothing: fix the path (relative imports end in '.js' and point at an existing .ts file) or " +
      'add the missing package to "dependencies" in package.json.',
    from: { path: '^(src|migrations)/' },
    to: { couldNotResolve: true },
  },
  {
    name: 'code-imports-only-code',
    severity: 'error',
    comment:
      'src/ and migrations/ may import only each other and packages: a hop through scripts/ or test/ is one the rules do not ' +
      'see (and that does not ship). Move what you need into src/ where the rules check it, or keep its use in scripts/ or test/.',
    from: { path: '^(src|migrations)/' },
    to: { dependencyTypes: ['local'], pathNot: '^(src|migrations)/' },
  },
  {
    name: 'ui-is-a-client',
    severity: 'error',
    comment:
      'ui/ is the pages a browser runs: it knows the server only through the API (ui/api, typed from docs/openapi.json) and ' +
      'imports nothing from src/, migrations/, scripts/ or test/ (it would ship server code to every browser). Add what the ' +
      'page needs to the API, or copy a constant into ui/.',
    from: { path: '^ui/' },
    to: { dependencyTypes: ['local'], pathNot: '^ui/' },
  },
  {
    name: 'module-no-container-lookup',
    severity: 'error',
    comment:
      "Modules receive what they need by constructor injection of their own providers or another module's public facade. " +
      '@nestjs/core (ModuleRef, the container) lets code fetch any provider of any module at run time, past every import rule: ' +
      'inject the facade instead, and keep framework plumbing (guards, interceptors) in src/shared.',
    from: { path: '^src/modules/' },
    to: { path: '(^|/)node_modules/@nestjs/core/' },
  },
  {
    name: 'no-computed-require',
    severity: 'error',
    comment:
      'createRequire (node:module) loads files by computed names that no rule can follow: use a static import (or a literal ' +
      "import('...') when it must be lazy).",
    from: { path: '^(src|migrations)/' },
    to: { dependencyTypes: ['core'], path: '^(node:)?module$' },
  },
  {
    name: 'migration-listed',
    severity: 'error',
    comment:
      'This migration is not reached from migrations/<module>/index.ts, so it never runs: add its class to the list there, in ' +
      'order (or delete the file).',
    from: { path: '^migrations/([^/]+)/index\\.ts$' },
    to: { path: '^migrations/$1/', reachable: false },
  },
  {
    name: 'no-orphans',
    severity: 'error',
    comment:
      'Nothing imports this file and it imports nothing: delete it if it is dead, or import it where it belongs ' +
      '(a migration must be listed in migrations/<module>/index.ts).',
    from: { orphan: true, path: '^(src|migrations)/', pathNot: '\\.d\\.ts$' },
    to: {},
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [...globalRules, ...modules.flatMap(moduleRules)],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    moduleSystems: ['es6', 'cjs'],
    // Type-only imports couple modules too (and `import type` is how DTOs cross boundaries): see them.
    tsPreCompilationDeps: true,
    // nodenext: './x.js' resolves to './x.ts' (dependency-cruiser maps .js to .ts when the .js does not exist).
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      // `npx depcruise src migrations --config .dependency-cruiser.js --output-type dot|mermaid` draws modules, not files.
      dot: { collapsePattern: '^(src/modules/[^/]+|migrations/[^/]+|src/shared)' },
      archi: { collapsePattern: '^(src/modules/[^/]+|migrations/[^/]+|src/shared)' },
    },
  },
};
