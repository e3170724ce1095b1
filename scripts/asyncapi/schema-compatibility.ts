import type { JsonSchema } from '../../src/shared/messaging/index.js';

const typesOf = (schema: JsonSchema): string =>
  JSON.stringify(schema.oneOf ? (schema.oneOf as JsonSchema[]).map(typesOf).sort() : [schema.type].flat().sort());

/**
 * Why a published event version's payload schema `current` would break a consumer written against
 * `published` (empty when it would not): a field no longer sent or no longer required, a type changed,
 * a value a reader did not know of. Adding fields is compatible: readers ignore what they do not read.
 */
export function incompatibilities(published: JsonSchema, current: JsonSchema, path = 'payload'): string[] {
  if (typesOf(published) !== typesOf(current))
    return [`${path}: type ${typesOf(published)} became ${typesOf(current)}`];
  const problems: string[] = [];
  if (Array.isArray(published.enum)) {
    const added = ((current.enum as unknown[] | undefined) ?? []).filter(
      (value) => !(published.enum as unknown[]).includes(value),
    );
    if (added.length > 0) problems.push(`${path}: new values ${added.join(', ')}`);
  }
  const nested = (schema: JsonSchema): JsonSchema =>
    schema.oneOf ? (schema.oneOf as JsonSchema[]).find((option) => option.type !== 'null')! : schema;
  const [before, after] = [nested(published), nested(current)];
  if (before.type === 'object') {
    const required = new Set((after.required as string[] | undefined) ?? []);
    const properties = (after.properties ?? {}) as Record<string, JsonSchema>;
    for (const [key, schema] of Object.entries((before.properties ?? {}) as Record<string, JsonSchema>)) {
      if (!(key in properties)) problems.push(`${path}.${key}: no longer sent`);
      else if (((before.required as string[] | undefined) ?? []).includes(key) && !required.has(key))
        problems.push(`${path}.${key}: no longer required`);
      else problems.push(...incompatibilities(schema, properties[key], `${path}.${key}`));
    }
  }
  if (before.type === 'array' && before.items && after.items)
    problems.push(...incompatibilities(before.items as JsonSchema, after.items as JsonSchema, `${path}[]`));
  return problems;
}
