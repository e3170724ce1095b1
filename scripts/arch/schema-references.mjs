/**
 * Reading SQL out of TypeScript for the architecture gate and the readiness
 * report: `<schema>.<table>` inside string literals names a schema, and a
 * module's code naming another module's schema is a data boundary crossed in
 * code, whether or not that line ever runs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export function sourceOf(file) {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** String and template literal texts with their line numbers. */
export function stringLiterals(sourceFile) {
  const literals = [];
  const visit = (node) => {
    if (
      ts.isStringLiteralLike(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      literals.push({
        text: node.text,
        line: sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return literals;
}

/** `<schema>.<name>` (optionally quoted) in SQL strings, for each of `schemas`. */
export function schemaReferences(sourceFile, schemas) {
  if (schemas.length === 0) return [];
  const pattern = new RegExp(
    `(?<![\\w$."])"?(${schemas.join('|')})"?\\s*\\.\\s*"?[A-Za-z_][A-Za-z0-9_]*"?(?![\\w-])`,
    'g',
  );
  const hits = [];
  for (const literal of stringLiterals(sourceFile)) {
    literal.text.split('\n').forEach((text, offset) => {
      for (const match of text.matchAll(pattern))
        hits.push({ line: literal.line + offset, schema: match[1], sql: match[0] });
    });
  }
  return hits;
}

/** The TypeScript files under `dir` that ship (no specs, no declarations). */
export function tsFiles(dir) {
  if (!existsSync(dir)) return [];
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...tsFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts'))
      files.push(full);
  }
  return files.sort();
}
