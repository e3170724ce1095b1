#!/usr/bin/env node
/**
 * `npm run arch:report`: per module, how ready it is to be extracted into its own
 * service (docs/architecture.md#extraction-readiness):
 *
 * - facades it exposes and who calls it through them: abstract classes exported
 *   from its public/ whose names end in `Facade`, and the modules importing them;
 * - facades it calls: another module's `…Facade` imported from that module's public/;
 * - events it publishes: contracts defined in its own public/events/;
 * - events it consumes: contracts imported from another module's public/events/
 *   (directly or re-exported by the public index), and event type names such as
 *   'catalog.stock-reserved.v1' of another module written in its code;
 * - cross-schema references: SQL in migrations/<module>/ naming another module's
 *   schema (`catalog.products`), which must be zero; with `--database <url>` also
 *   foreign keys, views and functions crossing schemas in that database.
 *
 *   npm run arch:report [-- --json] [-- --database postgres://owner@host/db]
 *
 * Exits 1 when a cross-schema reference exists, 2 on a broken configuration.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { runArchScript, ROOT, readModules } from './project.mjs';
import { schemaReferences, stringLiterals, tsFiles } from './schema-references.mjs';

const EVENT_TYPE = /^([a-z][a-z0-9-]*)\.[a-z0-9]+(?:-[a-z0-9]+)*\.v\d+$/;

const args = process.argv.slice(2);
const json = args.includes('--json');
const databaseAt = args.indexOf('--database');
const databaseUrl = databaseAt >= 0 ? args[databaseAt + 1] : undefined;
const known = new Set(['--json', '--database', databaseUrl]);
if (args.some((arg) => !known.has(arg)) || (databaseAt >= 0 && !databaseUrl)) {
  process.stderr.write('usage: npm run arch:report [-- --json] [-- --database <owner connection url>]\n');
  process.exit(2);
}

async function main() {
  const modules = readModules();
  const report = analyse(modules);
  if (databaseUrl) await crossCheckDatabase(report, modules, databaseUrl);
  const crossSchema = report.reduce((sum, module) => sum + module.crossSchemaReferences.length, 0);
  if (json) process.stdout.write(`${JSON.stringify({ modules: report }, null, 2)}\n`);
  else print(report);
  return crossSchema === 0 ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// Source analysis (syntax only, no type checking: fast, and works on a tree that does not compile)

function analyse(modules) {
  const names = modules.map((module) => module.name);
  const sources = new Map(); // absolute file -> ts.SourceFile
  const source = (file) => {
    if (!sources.has(file))
      sources.set(
        file,
        ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS),
      );
    return sources.get(file);
  };
  const exportsCache = new Map();
  const exportsOf = (file) => exportMap(file, source, exportsCache, new Set());

  const report = modules.map((module) => ({
    module: module.name,
    schema: module.schema,
    dependsOn: module.dependsOn,
    facades: [],
    calledBy: [],
    calls: [],
    publishes: [],
    consumes: [],
    otherContracts: [],
    crossSchemaReferences: [],
  }));
  const byName = new Map(report.map((entry) => [entry.module, entry]));

  for (const module of modules) {
    const entry = byName.get(module.name);
    const publicDir = path.join(ROOT, 'src/modules', module.name, 'public');
    for (const file of tsFiles(publicDir)) {
      for (const [name, definition] of exportsOf(file)) {
        if (definition.file === file && definition.kind === 'class' && definition.abstract && name.endsWith('Facade')) {
          entry.facades.push({ name, file: rel(file) });
        }
      }
    }
    for (const file of tsFiles(path.join(publicDir, 'events'))) {
      const exported = [...exportsOf(file)].filter(([, definition]) => definition.file === file).map(([name]) => name);
      const types = stringLiterals(source(file))
        .map((literal) => literal.text)
        .filter((text) => EVENT_TYPE.exec(text)?.[1] === module.name);
      if (exported.length + types.length > 0)
        entry.publishes.push({ file: rel(file), contracts: exported.sort(), types: [...new Set(types)].sort() });
    }
  }

  for (const module of modules) {
    const entry = byName.get(module.name);
    const files = [
      ...tsFiles(path.join(ROOT, 'src/modules', module.name)),
      ...tsFiles(path.join(ROOT, 'migrations', module.name)),
    ];
    for (const file of files) {
      const sourceFile = source(file);
      for (const use of crossModuleImports(sourceFile, file, module.name, names)) {
        const definition = use.name === '*' ? undefined : exportsOf(use.target).get(use.name);
        const where = { module: use.module, name: use.name, from: rel(file) };
        if (definition && isUnder(definition.file, path.join(ROOT, 'src/modules', use.module, 'public', 'events'))) {
          entry.consumes.push({ ...where, contract: rel(definition.file) });
        } else if (definition && definition.kind === 'class' && definition.abstract && use.name.endsWith('Facade')) {
          entry.calls.push(where);
          byName.get(use.module)?.calledBy.push({ module: module.name, name: use.name, from: rel(file) });
        } else {
          entry.otherContracts.push(where);
        }
      }
      if (!isUnder(file, path.join(ROOT, 'src/modules', module.name, 'public'))) {
        for (const literal of stringLiterals(sourceFile)) {
          const owner = EVENT_TYPE.exec(literal.text)?.[1];
          if (owner && owner !== module.name && byName.has(owner)) {
            entry.consumes.push({ module: owner, name: literal.text, from: rel(file), byTypeName: true });
          }
        }
      }
    }
    const otherSchemas = modules.filter((other) => other.name !== module.name).map((other) => other.schema);
    for (const file of files) {
      entry.crossSchemaReferences.push(
        ...schemaReferences(source(file), otherSchemas).map((hit) => ({ ...hit, file: rel(file) })),
      );
    }
  }

  for (const entry of report) {
    for (const key of [
      'facades',
      'calledBy',
      'calls',
      'publishes',
      'consumes',
      'otherContracts',
      'crossSchemaReferences',
    ]) {
      entry[key] = dedupe(entry[key]);
    }
  }
  return report;
}

/** Named imports (and re-exports) in `file` that resolve into another module's public folder. */
function crossModuleImports(sourceFile, file, self, names) {
  const uses = [];
  for (const statement of sourceFile.statements) {
    const specifier =
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
        ? statement.moduleSpecifier.text
        : undefined;
    if (!specifier?.startsWith('.')) continue;
    const target = resolveRelative(file, specifier);
    const owner = target && /^src\/modules\/([^/]+)\/public\//.exec(rel(target))?.[1];
    if (!owner || owner === self || !names.includes(owner)) continue;
    const add = (name) => uses.push({ module: owner, name, target });
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (!clause) continue;
      if (clause.name) add('default');
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) add('*');
      if (bindings && ts.isNamedImports(bindings))
        for (const element of bindings.elements) add((element.propertyName ?? element.name).text);
    } else if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) add((element.propertyName ?? element.name).text);
    } else {
      add('*');
    }
  }
  return uses;
}

/**
 * What a file exports, following `export * from`, `export { a as b } from` and
 * re-exported imports: name -> { file, kind, abstract } of the declaration.
 */
function exportMap(file, source, cache, visiting) {
  if (cache.has(file)) return cache.get(file);
  const exports = new Map();
  if (visiting.has(file) || !existsSync(file)) return exports;
  visiting.add(file);
  const sourceFile = source(file);
  const imported = new Map(); // local name -> { target, name }
  for (const statement of sourceFile.statements) {
    if (
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.importClause?.namedBindings
    ) {
      const target = resolveRelative(file, statement.moduleSpecifier.text);
      const bindings = statement.importClause.namedBindings;
      if (target && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements)
          imported.set(element.name.text, { target, name: (element.propertyName ?? element.name).text });
      }
    }
  }
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement)) {
      const target =
        statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
          ? resolveRelative(file, statement.moduleSpecifier.text)
          : undefined;
      if (!statement.exportClause) {
        if (target)
          for (const [name, definition] of exportMap(target, source, cache, visiting))
            if (!exports.has(name)) exports.set(name, definition);
      } else if (ts.isNamespaceExport(statement.exportClause)) {
        if (target) exports.set(statement.exportClause.name.text, { file: target, kind: 'namespace', abstract: false });
      } else {
        for (const element of statement.exportClause.elements) {
          const original = (element.propertyName ?? element.name).text;
          const via = target ? { target, name: original } : imported.get(original);
          const definition = via
            ? exportMap(via.target, source, cache, visiting).get(via.name)
            : localDeclaration(sourceFile, file, original);
          if (definition) exports.set(element.name.text, definition);
        }
      }
      continue;
    }
    if (!hasModifier(statement, ts.SyntaxKind.ExportKeyword)) continue;
    for (const [name, definition] of declarations(statement, file)) exports.set(name, definition);
  }
  visiting.delete(file);
  cache.set(file, exports);
  return exports;
}

function declarations(statement, file) {
  const abstract = hasModifier(statement, ts.SyntaxKind.AbstractKeyword);
  if (ts.isClassDeclaration(statement) && statement.name)
    return [[statement.name.text, { file, kind: 'class', abstract }]];
  if (ts.isInterfaceDeclaration(statement))
    return [[statement.name.text, { file, kind: 'interface', abstract: false }]];
  if (ts.isTypeAliasDeclaration(statement)) return [[statement.name.text, { file, kind: 'type', abstract: false }]];
  if (ts.isEnumDeclaration(statement)) return [[statement.name.text, { file, kind: 'enum', abstract: false }]];
  if (ts.isFunctionDeclaration(statement) && statement.name)
    return [[statement.name.text, { file, kind: 'function', abstract: false }]];
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations
      .filter((declaration) => ts.isIdentifier(declaration.name))
      .map((declaration) => [declaration.name.text, { file, kind: 'const', abstract: false }]);
  }
  return [];
}

function localDeclaration(sourceFile, file, name) {
  for (const statement of sourceFile.statements) {
    for (const [declared, definition] of declarations(statement, file)) if (declared === name) return definition;
  }
  return undefined;
}

const hasModifier = (node, kind) =>
  ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind) : false;

function resolveRelative(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = /\.(m|c)?js$/.test(base)
    ? [base.replace(/\.(m|c)?js$/, (ext) => ext.replace('js', 'ts')), base]
    : [base, `${base}.ts`, path.join(base, 'index.ts')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

const rel = (file) => path.relative(ROOT, file).split(path.sep).join('/');
const isUnder = (file, dir) => !path.relative(dir, file).startsWith('..');
function dedupe(list) {
  const seen = new Map();
  for (const item of list) seen.set(JSON.stringify(item), item);
  return [...seen.values()];
}

// ---------------------------------------------------------------------------------------------
// Optional: what the database itself holds

async function crossCheckDatabase(report, modules, url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const schemas = modules.map((module) => module.schema);
    const { rows } = await client.query(CROSS_SCHEMA_SQL, [schemas]);
    for (const row of rows) {
      const entry = report.find((module) => module.schema === row.from_schema);
      entry?.crossSchemaReferences.push({ database: true, schema: row.to_schema, sql: `${row.kind} ${row.object}` });
    }
  } finally {
    await client.end();
  }
}

/**
 * Objects in one module schema that depend on another module schema: foreign
 * keys, views, column defaults, types and routines (pg_depend), plus function
 * bodies that name another schema (pg_proc.prosrc is not tracked by pg_depend).
 */
const CROSS_SCHEMA_SQL = `
  WITH objects AS (
    SELECT 'pg_class'::regclass AS classid, c.oid AS objid, c.relnamespace AS ns, format('relation %s', c.oid::regclass) AS label FROM pg_class c
    UNION ALL SELECT 'pg_constraint'::regclass, o.oid, o.connamespace, format('constraint %s on %s', o.conname, o.conrelid::regclass) FROM pg_constraint o
    UNION ALL SELECT 'pg_rewrite'::regclass, r.oid, c.relnamespace, format('view %s', c.oid::regclass) FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
    UNION ALL SELECT 'pg_proc'::regclass, p.oid, p.pronamespace, format('function %s', p.oid::regprocedure) FROM pg_proc p
    UNION ALL SELECT 'pg_type'::regclass, t.oid, t.typnamespace, format('type %s', t.oid::regtype) FROM pg_type t
    UNION ALL SELECT 'pg_attrdef'::regclass, d.oid, c.relnamespace, format('default of %s', c.oid::regclass) FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
    UNION ALL SELECT 'pg_trigger'::regclass, g.oid, c.relnamespace, format('trigger %s on %s', g.tgname, c.oid::regclass) FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
  )
  SELECT DISTINCT 'depends on' AS kind, src_ns.nspname AS from_schema, dst_ns.nspname AS to_schema, src.label || ' → ' || dst.label AS object
    FROM pg_depend d
    JOIN objects src ON src.classid = d.classid AND src.objid = d.objid
    JOIN objects dst ON dst.classid = d.refclassid AND dst.objid = d.refobjid
    JOIN pg_namespace src_ns ON src_ns.oid = src.ns
    JOIN pg_namespace dst_ns ON dst_ns.oid = dst.ns
   WHERE src_ns.nspname = ANY($1) AND dst_ns.nspname = ANY($1) AND src_ns.nspname <> dst_ns.nspname
  UNION
  SELECT 'body names' AS kind, n.nspname, other.nspname, format('function %s', p.oid::regprocedure)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    JOIN unnest($1::text[]) AS other(nspname) ON other.nspname <> n.nspname
   WHERE n.nspname = ANY($1) AND p.prosrc ~* ('(^|[^a-z0-9_."])"?' || other.nspname || '"?\\s*\\.')
  ORDER BY 2, 3, 4`;

// ---------------------------------------------------------------------------------------------

function print(report) {
  const list = (items, show) => (items.length === 0 ? 'none' : items.map((item) => `\n      - ${show(item)}`).join(''));
  const out = [`Extraction readiness — ${report.length} module(s) (docs/architecture.md#extraction-readiness)`, ''];
  for (const entry of report) {
    const refs = entry.crossSchemaReferences.length;
    out.push(
      `${entry.module}: ${refs === 0 ? 'ready to extract (no cross-schema reference)' : `NOT ready — ${refs} cross-schema reference(s)`}`,
    );
    out.push(`  depends on (definition) ${entry.dependsOn.length === 0 ? 'none' : entry.dependsOn.join(', ')}`);
    out.push(`  facades it exposes      ${list(entry.facades, (facade) => `${facade.name} (${facade.file})`)}`);
    out.push(`  called through          ${list(groupCallers(entry.calledBy), (line) => line)}`);
    out.push(`  facades it calls        ${list(groupCalls(entry.calls), (line) => line)}`);
    out.push(
      `  events it publishes     ${list(entry.publishes, (event) => `${[...event.contracts, ...event.types.map((type) => `'${type}'`)].join(', ')} (${event.file})`)}`,
    );
    out.push(
      `  events it consumes      ${list(entry.consumes, (event) => (event.byTypeName ? `'${event.name}' by type name in ${event.from}` : `${event.module}.${event.name} in ${event.from}`))}`,
    );
    out.push(`  other contracts used    ${list(entry.otherContracts, (use) => `${use.module}.${use.name}`)}`);
    out.push(
      `  cross-schema references ${refs}${list(entry.crossSchemaReferences, (hit) => (hit.database ? `database: ${hit.sql}` : `${hit.file}:${hit.line}: ${hit.sql}`)).replace(/^none$/, '')}`,
    );
    out.push('');
  }
  const total = (key) => report.reduce((sum, entry) => sum + entry[key].length, 0);
  out.push(
    `arch-report: ${report.length} modules, ${total('facades')} facade(s), ${total('calls')} facade call(s), ${total('publishes')} event contract file(s), ` +
      `${total('consumes')} consumed event(s), ${total('crossSchemaReferences')} cross-schema reference(s)`,
  );
  process.stdout.write(`${out.join('\n').replace(/ +\n/g, '\n')}\n`);
}

function groupCallers(calledBy) {
  const byFacade = new Map();
  for (const call of calledBy) byFacade.set(call.name, new Set([...(byFacade.get(call.name) ?? []), call.module]));
  return [...byFacade].map(([facade, callers]) => `${facade} ← ${[...callers].sort().join(', ')}`);
}

function groupCalls(calls) {
  const byFacade = new Map();
  for (const call of calls)
    byFacade.set(`${call.module}.${call.name}`, [...(byFacade.get(`${call.module}.${call.name}`) ?? []), call.from]);
  return [...byFacade].map(([facade, files]) => `${facade} (${files.join(', ')})`);
}

// Run last: the helpers above are `const`s, initialised only once the module body has run to here.
await runArchScript(main);
