import { PayloadReader } from './payload-reader.js';
import { type JsonSchema, payloadSchema } from './payload-schema.js';

/**
 * A versioned integration event type. The publisher owns the contract in its
 * `public/events/` (with an example payload); a consumer never imports it but
 * declares its own reader for the same type name, reading only the fields it
 * needs (a tolerant reader), so consuming an event creates no code dependency
 * between modules. A contract test checks every reader against the
 * publisher's example. The type name is `<module>.<event>.v<n>`; a breaking
 * change is a new version, published side by side until consumers move.
 */
export interface IntegrationEvent<T> {
  readonly type: string;
  readonly publisher: string;
  readonly description: string;
  /** A representative payload: documentation, and the input of the contract tests. */
  readonly example?: T;
  /** Validates a payload; throws `InvalidEventPayloadError` when it does not match. */
  parse(payload: unknown): T;
  /** The payload's JSON Schema, derived from the same shape as `parse` (docs/asyncapi.yaml). */
  readonly schema: JsonSchema;
}

/** Whether a module's export is an event contract or reader (what registries and tools collect). */
export function isIntegrationEvent(value: unknown): value is IntegrationEvent<unknown> {
  return typeof value === 'object' && value !== null && 'type' in value && 'parse' in value && 'schema' in value;
}

/** The payload type of a contract: `EventPayload<typeof OrderPlacedV1>`. */
export type EventPayload<C> = C extends IntegrationEvent<infer T> ? T : never;

const TYPE_NAME = /^([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)\.v(\d+)$/;

export function defineIntegrationEvent<T>(definition: {
  type: string;
  description: string;
  example?: T;
  shape: (reader: PayloadReader) => T;
}): IntegrationEvent<T> {
  const match = TYPE_NAME.exec(definition.type);
  if (!match) throw new Error(`Integration event type "${definition.type}" must look like <module>.<event>.v<n>`);
  let schema: JsonSchema | undefined;
  return {
    type: definition.type,
    publisher: match[1],
    description: definition.description,
    example: definition.example,
    parse: (payload) => PayloadReader.read(definition.type, payload, definition.shape),
    // Derived when first asked (the AsyncAPI document, its tests), not for every contract and reader at start-up.
    get schema() {
      return (schema ??= payloadSchema(definition.shape));
    },
  };
}
