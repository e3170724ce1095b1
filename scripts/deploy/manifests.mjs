/**
 * The Kubernetes manifests under deploy/: rendered with `kubectl kustomize`, validated offline and
 * strictly (a field the schema does not know fails, as `kubectl apply --validate=strict` would).
 *
 * - Kubernetes' own kinds: the validators and TypeScript interfaces that `kubernetes-models` generates
 *   from the Kubernetes OpenAPI schema. Its validators check types, enums, formats and required
 *   fields but let unknown fields through; the TypeScript compiler's excess-property check against
 *   the interfaces of the same package is what refuses those.
 * - The operators' kinds (CloudNativePG `Cluster`, `RabbitmqCluster`): no npm package ships their
 *   schemas, so deploy/schemas/ holds hand-written JSON Schemas of the fields used, every object
 *   closed (`additionalProperties: false`), checked with Ajv.
 * - Any other kind fails: it has no schema here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import YAML from 'yaml';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEPLOY_DIR = path.join(ROOT, 'deploy');
export const OVERLAYS = ['macro', 'mini', 'micro'];
/** Everything kustomize renders under deploy/: the overlays, and the one-off operations (docs/deploy.md). */
export const RENDERED = [
  ...OVERLAYS.map((overlay) => `overlays/${overlay}`),
  'operations/catalog-extract',
  'operations/catalog-extract-back',
];

/** Whether `kubectl` can run here; `reason` says why not. */
export function kubectlStatus() {
  const probe = spawnSync('kubectl', ['version', '--client=true'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error) {
    const missing = probe.error.code === 'ENOENT';
    return {
      available: false,
      reason: missing
        ? 'kubectl is not on PATH (it renders the overlays: `kubectl kustomize`)'
        : `kubectl did not run: ${probe.error.message}`,
    };
  }
  if (probe.status !== 0) return { available: false, reason: `kubectl version failed: ${probe.stderr.trim()}` };
  return { available: true, reason: '' };
}

/** `kubectl kustomize <dir>`: the overlay's objects as YAML. Throws with kustomize's message. */
export function renderOverlay(dir) {
  try {
    return execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = error.stderr ? String(error.stderr).trim() : error.message;
    throw new Error(`kubectl kustomize ${path.relative(ROOT, dir) || dir} failed: ${stderr}`, { cause: error });
  }
}

export function parseManifests(text) {
  return YAML.parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`unreadable YAML: ${document.errors[0].message}`);
      return document.toJS();
    })
    .filter((object) => object !== null);
}

/** `kubectl kustomize` then validation: the objects and every problem found, one line each. */
export async function validateOverlay(dir) {
  const objects = parseManifests(renderOverlay(dir));
  return { objects, problems: await validateObjects(objects) };
}

const describe = (object) => `${object?.kind ?? '(no kind)'} ${object?.metadata?.name ?? '(no name)'}`;

/** Problems of the objects against their schemas; none means every object is valid. */
export async function validateObjects(objects) {
  const problems = [];
  const builtIn = [];
  const custom = [];
  for (const object of objects) {
    if (typeof object?.apiVersion !== 'string' || typeof object?.kind !== 'string') {
      problems.push(`${describe(object)}: apiVersion and kind must be strings`);
    } else if (customSchemas().has(`${object.apiVersion}/${object.kind}`)) custom.push(object);
    else builtIn.push(object);
  }
  problems.push(...(await validateBuiltIn(builtIn)));
  for (const object of custom) problems.push(...validateCustom(object));
  return problems;
}

/** `apps/v1` + `Deployment` → `kubernetes-models/apps/v1/Deployment` (core: `v1/ConfigMap`). */
function modelModule(object) {
  return `kubernetes-models/${object.apiVersion}/${object.kind}`;
}

async function validateBuiltIn(objects) {
  const problems = [];
  const known = [];
  for (const object of objects) {
    let Model;
    try {
      Model = (await import(modelModule(object)))[object.kind];
    } catch {
      Model = undefined;
    }
    if (typeof Model !== 'function') {
      problems.push(`${describe(object)}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    known.push(object);
    try {
      new Model(object).validate();
    } catch (error) {
      const details = Array.isArray(error.errors)
        ? error.errors.map((issue) => `${pointer(issue.instancePath)} ${issue.message}`)
        : [error.message];
      for (const detail of details) problems.push(`${describe(object)}: ${detail}`);
    }
  }
  problems.push(...(await unknownFields(known)));
  return problems;
}

/** JSON pointer `/spec/template/0` → `spec.template[0]`. */
function pointer(instancePath) {
  if (!instancePath) return '(object)';
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/**
 * Types every object as an object literal of its `kubernetes-models` interface: TypeScript refuses a
 * property the interface does not declare, at any depth, and a value of the wrong type.
 */
async function unknownFields(objects) {
  if (objects.length === 0) return [];
  const { default: ts } = await import('typescript');
  const file = path.join(DEPLOY_DIR, '__manifests__.ts'); // never written: served from memory
  const imports = new Map();
  const declarations = objects.map((object, index) => {
    const module = modelModule(object);
    if (!imports.has(module)) imports.set(module, `T${imports.size}`);
    return `export const object${index}: ${imports.get(module)} = ${JSON.stringify(object, null, 2)};`;
  });
  const source = [
    ...[...imports].map(([module, alias]) => {
      const kind = module.split('/').pop();
      return `import type { I${kind} as ${alias} } from '${module}';`;
    }),
    ...declarations,
    '',
  ].join('\n');
  const options = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
    lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, ...rest) => (name === file ? sourceFile : getSourceFile(name, ...rest));
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const problems = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (diagnostic.file?.fileName !== file || diagnostic.start === undefined) {
      problems.push(`the TypeScript check failed: ${message}`);
      continue;
    }
    const located = locate(ts, sourceFile, diagnostic.start);
    const object = located ? objects[located.index] : undefined;
    const unknown =
      /Object literal may only specify known properties, and '"?([^'"]+)"?' does not exist in type '([^']+)'/.exec(
        message,
      );
    problems.push(
      `${object ? describe(object) : 'an object'}: ${located?.path ?? '(object)'}: ${
        unknown ? `unknown field "${unknown[1]}" (${typeName(unknown[2])} has no such field)` : message
      }`,
    );
  }
  return problems;
}

/** `IIoK8sApimachineryPkgApisMetaV1ObjectMeta` or `IContainer` → `ObjectMeta`, `Container`. */
function typeName(name) {
  return name.replace(/^I(?:IoK8s(?:Api|Apimachinery)\w*?V\d+(?:alpha\d+|beta\d+)?)?/, '');
}

/** Which `objectN` a position falls in, and the path of the property it points at. */
function locate(ts, sourceFile, position) {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || position < statement.getStart() || position >= statement.end) continue;
    const declaration = statement.declarationList.declarations[0];
    const index = Number(declaration.name.getText().replace('object', ''));
    return { index, path: pathTo(ts, declaration.initializer, position, '') || '(object)' };
  }
  return undefined;
}

function pathTo(ts, node, position, path) {
  if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      if (position < property.getStart() || position >= property.end || !ts.isPropertyAssignment(property)) continue;
      const name = ts.isStringLiteral(property.name) ? property.name.text : property.name.getText();
      const here = path ? `${path}.${name}` : name;
      if (position < property.name.end) return here;
      return pathTo(ts, property.initializer, position, here);
    }
  } else if (ts.isArrayLiteralExpression(node)) {
    for (const [index, element] of node.elements.entries()) {
      if (position >= element.getStart() && position < element.end)
        return pathTo(ts, element, position, `${path}[${index}]`);
    }
  }
  return path;
}

let compiledSchemas;
/** deploy/schemas/*.json compiled, keyed by `apiVersion/kind` (from their `const`s). */
function customSchemas() {
  if (compiledSchemas) return compiledSchemas;
  compiledSchemas = new Map();
  const schemaDir = path.join(DEPLOY_DIR, 'schemas');
  const files = fs.existsSync(schemaDir) ? fs.readdirSync(schemaDir).filter((name) => name.endsWith('.json')) : [];
  for (const name of files.sort()) {
    const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, name), 'utf8'));
    const apiVersion = schema.properties?.apiVersion?.const;
    const kind = schema.properties?.kind?.const;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string')
      throw new Error(
        `deploy/schemas/${name}: properties.apiVersion.const and properties.kind.const must name the kind`,
      );
    compiledSchemas.set(`${apiVersion}/${kind}`, { name, schema, validate: undefined });
  }
  return compiledSchemas;
}

let ajv;
function validateCustom(object) {
  const entry = customSchemas().get(`${object.apiVersion}/${object.kind}`);
  if (!entry.validate) {
    ajv ??= new Ajv({ allErrors: true, strict: true });
    entry.validate = ajv.compile(entry.schema);
  }
  if (entry.validate(object)) return [];
  return entry.validate.errors.map((issue) => {
    const where = pointer(issue.instancePath);
    if (issue.keyword === 'additionalProperties')
      return `${describe(object)}: ${where}: unknown field "${issue.params.additionalProperty}" (not in deploy/schemas/${entry.name})`;
    return `${describe(object)}: ${where} ${issue.message}`;
  });
}
