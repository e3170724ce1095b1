import { z } from 'zod';
import { maskUrl } from '../mask-url.js';

/** What a variable's value failed: "must be <expects> (got "<got>")" in the problem line. */
export class Refused extends Error {
  constructor(
    readonly expects: string,
    readonly got?: string,
  ) {
    super(got === undefined ? expects : `${expects} (got "${got}")`);
  }
}

/** A blank variable counts as unset: a deployment template often leaves a value empty. */
const blankIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * One environment variable: absent or blank is `undefined`; otherwise `parse`
 * reads it or throws `Refused`, which becomes this variable's problem line.
 */
export function variable<T>(parse: (value: string) => T) {
  return z.preprocess(
    blankIsUnset,
    z
      .string()
      .optional()
      .transform((value, context): T | undefined => {
        if (value === undefined) return undefined;
        try {
          return parse(value);
        } catch (error) {
          if (!(error instanceof Refused)) throw error;
          context.addIssue({ code: 'custom', message: error.message });
          return z.NEVER;
        }
      }),
  );
}

/** `variable` with a default for when it is unset. */
export function withDefault<T>(schema: ReturnType<typeof variable<T>>, fallback: T) {
  return schema.transform((value) => value ?? fallback);
}

export const text = () => variable((value) => value);

export function integer(fallback: number, range: { min: number; max: number }) {
  const expects = `an integer from ${range.min} to ${range.max}`;
  return withDefault(
    variable((value) => {
      const parsed = Number(value);
      if (!/^-?\d+$/.test(value) || parsed < range.min || parsed > range.max) throw new Refused(expects, value);
      return parsed;
    }),
    fallback,
  );
}

/** A number from 0 to 1, such as a sampling ratio. */
export function ratio() {
  return variable((value) => {
    const parsed = Number(value);
    if (!/^\d*\.?\d+$/.test(value) || parsed > 1) throw new Refused('a number from 0 to 1', value);
    return parsed;
  });
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

export function flag(fallback: boolean) {
  return withDefault(
    variable((value) => {
      if (TRUE.includes(value.toLowerCase())) return true;
      if (FALSE.includes(value.toLowerCase())) return false;
      throw new Refused('"true" or "false"', value);
    }),
    fallback,
  );
}

export function oneOf<T extends string>(allowed: readonly T[]) {
  return variable((value) => {
    if (!(allowed as readonly string[]).includes(value)) throw new Refused(`one of ${allowed.join(', ')}`, value);
    return value as T;
  });
}

/** A URL whose protocol is one of `protocols`; credentials are masked in the problem line. */
export function url(protocols: readonly string[]) {
  return variable((value) => parseUrl(value, protocols));
}

export function parseUrl(value: string, protocols: readonly string[]): string {
  const expects = `a URL starting with ${protocols.map((protocol) => `${protocol}://`).join(' or ')}`;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new Refused(expects, '(unparseable)');
  }
  if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) throw new Refused(expects, maskUrl(value));
  return value;
}

/** A comma-separated list whose items match `item`. */
export function list(item: RegExp, expects: string) {
  return variable((value) => {
    const items = value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0);
    if (items.length === 0 || !items.every((part) => item.test(part))) throw new Refused(expects, value);
    return items;
  });
}

/** The concepts `docs/configuration.md` groups the variables by, in its order. */
export const VARIABLE_GROUPS = ['server', 'database', 'security', 'events', 'topology', 'tracing'] as const;
export type VariableGroup = (typeof VARIABLE_GROUPS)[number];

/** What `docs/configuration.md` says about one variable (`npm run docs:configuration` writes it). */
export interface VariableDocumentation {
  readonly group: VariableGroup;
  /** One line: what the variable does, and its rules a reader needs first. */
  readonly describe: string;
  /**
   * What applies while it is unset, for a variable whose schema has no default
   * value (it is worked out at start-up, or the feature is off). A variable
   * with a default value has none: the table shows the default itself.
   */
  readonly unset?: string;
}

/** Every variable's documentation, keyed by its schema. */
export const DOCUMENTATION = z.registry<VariableDocumentation>();

/** Records `schema`'s documentation in DOCUMENTATION; returns `schema` unchanged, so parsing is not affected. */
export function documented<S extends z.ZodType>(schema: S, documentation: VariableDocumentation): S {
  DOCUMENTATION.add(schema, documentation);
  return schema;
}

/** `documented` for one group: `server(integer(3000, …), 'port of the HTTP API')`. */
export function inGroup(group: VariableGroup) {
  return <S extends z.ZodType>(schema: S, describe: string, options: { unset?: string } = {}): S =>
    documented(schema, { group, describe, ...options });
}
