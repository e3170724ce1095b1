import type { PayloadReader } from './payload-reader.js';

/** The JSON Schema (draft 07, as AsyncAPI 3.0 takes it) of an event payload. */
export type JsonSchema = Record<string, unknown>;

/**
 * Runs a contract's `shape` against a recorder with PayloadReader's methods, so
 * the JSON Schema of an event is derived from the same declaration that
 * validates it, and cannot drift from it. Every field a shape reads is required.
 */
export function payloadSchema(shape: (reader: PayloadReader) => unknown): JsonSchema {
  const recorder = new SchemaRecorder();
  shape(recorder as unknown as PayloadReader);
  return recorder.schema();
}

class SchemaRecorder {
  private readonly properties: Record<string, JsonSchema> = {};

  schema(): JsonSchema {
    return {
      type: 'object',
      properties: this.properties,
      required: Object.keys(this.properties),
    };
  }

  string(key: string): string {
    this.properties[key] = { type: 'string', minLength: 1 };
    return 'x';
  }

  nullableString(key: string): string | null {
    this.properties[key] = { type: ['string', 'null'] };
    return null;
  }

  uuid(key: string): string {
    this.properties[key] = { type: 'string', format: 'uuid' };
    return '00000000-0000-0000-0000-000000000000';
  }

  integer(key: string, bounds: { min?: number; max?: number } = {}): number {
    this.properties[key] = {
      type: 'integer',
      ...(bounds.min === undefined ? {} : { minimum: bounds.min }),
      ...(bounds.max === undefined ? {} : { maximum: bounds.max }),
    };
    return bounds.min ?? 0;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    this.properties[key] = { type: 'string', enum: [...allowed] };
    return allowed[0];
  }

  array<T>(key: string, item: (reader: PayloadReader) => T, bounds: { min?: number; max?: number } = {}): T[] {
    this.properties[key] = {
      type: 'array',
      items: payloadSchema(item),
      ...(bounds.min === undefined ? {} : { minItems: bounds.min }),
      ...(bounds.max === undefined ? {} : { maxItems: bounds.max }),
    };
    return [];
  }

  nullableObject<T>(key: string, shape: (reader: PayloadReader) => T): T | null {
    this.properties[key] = { oneOf: [payloadSchema(shape), { type: 'null' }] };
    return null;
  }
}
