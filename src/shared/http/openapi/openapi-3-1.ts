import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = Record<string, unknown>;

/**
 * @nestjs/swagger writes schemas the OpenAPI 3.0 way; 3.1 schemas are JSON
 * Schema 2020-12. The two idioms it emits are rewritten: `nullable: true`
 * becomes a `null` type (or an `anyOf` beside a reference), and a schema's
 * `example` becomes `examples`. Parameter and media examples are left as they are.
 */
export function asOpenApi31(document: OpenAPIObject): OpenAPIObject {
  document.openapi = '3.1.0';
  for (const schema of Object.values(document.components?.schemas ?? {})) rewrite(schema as Schema);
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item)) {
      if (typeof operation !== 'object' || operation === null) continue;
      const { parameters, requestBody, responses } = operation as {
        parameters?: Schema[];
        requestBody?: { content?: Record<string, Schema> };
        responses?: Record<string, { content?: Record<string, Schema> }>;
      };
      for (const parameter of parameters ?? []) if (parameter.schema) rewrite(parameter.schema as Schema);
      for (const media of Object.values(requestBody?.content ?? {})) if (media.schema) rewrite(media.schema as Schema);
      for (const response of Object.values(responses ?? {}))
        for (const media of Object.values(response.content ?? {})) if (media.schema) rewrite(media.schema as Schema);
    }
  }
  return document;
}

function rewrite(schema: Schema): void {
  if ('example' in schema) {
    schema.examples = [schema.example];
    delete schema.example;
  }
  if (schema.nullable === true) {
    delete schema.nullable;
    if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
    else if ('$ref' in schema || 'allOf' in schema) {
      const inner = { ...schema };
      for (const key of Object.keys(schema)) delete schema[key];
      schema.anyOf = [inner, { type: 'null' }];
    }
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && isObject(value))
      for (const property of Object.values(value)) rewrite(property as Schema);
    else if (['items', 'additionalProperties'].includes(key) && isObject(value)) rewrite(value);
    else if (['allOf', 'anyOf', 'oneOf'].includes(key) && Array.isArray(value))
      for (const part of value) rewrite(part as Schema);
  }
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
