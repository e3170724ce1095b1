import {
  type ArgumentMetadata,
  ValidationPipe,
  type ValidationPipeOptions,
  type ValidationError as ClassValidatorError,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { type FieldErrors, ValidationError } from '../../errors/application.errors.js';
import { compiledRules } from './compiled-rules.js';

/** Half of a UTF-16 surrogate pair without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Constraints that say the value has the wrong type; when one fails, range messages are noise. */
const TYPE_CONSTRAINTS = new Set([
  'isString',
  'isInt',
  'isNumber',
  'isArray',
  'isBoolean',
  'isObject',
  'nestedValidation',
  'isUuid',
]);
const TYPE_MESSAGES: Record<string, string> = {
  isString: 'must be a string',
  isInt: 'must be a whole number',
  isNumber: 'must be a number',
  isArray: 'must be an array',
  isBoolean: 'must be true or false',
  isObject: 'must be an object',
  nestedValidation: 'must be an object',
};

/**
 * Request bodies and queries are validated against their DTO classes: the body
 * must be a JSON object, unknown fields are refused, nothing is coerced
 * implicitly, and every failure is reported per field (`lines[0].quantity`).
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (
      metadata.type === 'body' &&
      metadata.metatype !== undefined &&
      (typeof value !== 'object' || value === null || Array.isArray(value))
    ) {
      throw new ValidationError('The request body must be a JSON object.', { body: ['must be a JSON object'] });
    }
    if (metadata.type === 'body' || metadata.type === 'query') {
      assertStorable(value);
      const valid = this.validFlat(value, metadata);
      if (valid !== undefined) return valid;
    }
    return super.transform(value, metadata);
  }

  /**
   * The fast path, for a flat object (a query string, most bodies) and a DTO whose rules compile (`compiledRules`):
   * the same instance `super.transform` would return when the value is valid; `undefined` otherwise, and the full
   * validation then runs and reports what is wrong.
   */
  private validFlat(value: unknown, { metatype }: ArgumentMetadata): object | undefined {
    if (typeof metatype !== 'function' || SKIPPED_TYPES.has(metatype) || !isFlatObject(value)) return undefined;
    const rules = compiledRules(metatype);
    if (rules === null) return undefined;
    const entity = plainToInstance(metatype, value, this.transformOptions) as object;
    return rules(entity) === true ? entity : undefined;
  }
}

function isEmptyRoot(prototype: object): boolean {
  return Object.getPrototypeOf(prototype) === null && Reflect.ownKeys(prototype).length === 0;
}

/** The types `ValidationPipe` passes through unvalidated. */
const SKIPPED_TYPES = new Set<unknown>([String, Boolean, Number, Array, Object, Buffer, Date]);

/** A plain object whose values are all strings, numbers, booleans or null: a query string, a simple body. */
function isFlatObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  // Fastify's query parser builds on an empty, null-prototype object.
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== Object.prototype && prototype !== null && !isEmptyRoot(prototype)) return false;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (
      typeof item === 'object'
        ? item !== null
        : typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean'
    )
      return false;
  }
  return true;
}

/** Deeper than any request DTO nests; class-transformer recurses, so a deeper body would overflow the stack. */
const MAX_DEPTH = 32;

/**
 * Refuses, per field, input the DTO validation would miss or choke on: strings
 * holding U+0000 (PostgreSQL text cannot store it) or lone surrogates, fields
 * named like `Object.prototype` members (`hasOwnProperty`, `__proto__`: the
 * whitelist finds those names on every object and lets them through), and
 * bodies nested too deeply. Iterative, and a path is only built when reported.
 */
function assertStorable(root: unknown): void {
  interface Node {
    readonly value: unknown;
    readonly parent?: Node;
    readonly segment: string;
    readonly depth: number;
  }
  const pathOf = (node: Node): string => {
    const segments: string[] = [];
    for (let at: Node | undefined = node; at?.parent !== undefined; at = at.parent) segments.push(at.segment);
    return (
      segments
        .reverse()
        .reduce(
          (path, segment) => (segment.startsWith('[') || path === '' ? `${path}${segment}` : `${path}.${segment}`),
          '',
        ) || 'body'
    );
  };
  const fields: FieldErrors = {};
  const pending: Node[] = [{ value: root, segment: '', depth: 0 }];
  while (pending.length > 0 && Object.keys(fields).length < 20) {
    const node = pending.pop()!;
    const { value, depth } = node;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) fields[pathOf(node)] = ['must not contain the NUL character (\\u0000)'];
      // PostgreSQL stores text as UTF-8, which has no lone surrogate: it would come back as U+FFFD, not as sent.
      else if (LONE_SURROGATE.test(value))
        fields[pathOf(node)] = ['must be well-formed Unicode (no lone surrogate \\uD800–\\uDFFF)'];
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_DEPTH) {
        throw new ValidationError(`The request body is nested more than ${MAX_DEPTH} levels deep.`, {
          body: [`must not nest more than ${MAX_DEPTH} levels deep`],
        });
      }
      const children: [string, unknown][] = Array.isArray(value)
        ? value.map((item, index) => [`[${index}]`, item])
        : Object.entries(value);
      for (const [segment, item] of children) {
        const child: Node = { value: item, parent: node, segment, depth: depth + 1 };
        if (!Array.isArray(value) && segment in Object.prototype) fields[pathOf(child)] = ['is not an accepted field'];
        else pending.push(child);
      }
    }
  }
  if (Object.keys(fields).length > 0) throw invalid(fields);
}

function invalid(fields: FieldErrors): ValidationError {
  const summary = Object.entries(fields)
    .map(([field, messages]) => `${field} ${messages.join(', ')}`)
    .join('; ');
  return new ValidationError(`The request is invalid: ${summary}.`, fields);
}

/** How every request DTO is validated (the fast path answers as these options do). */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  // `value` is kept to tell "missing" from "wrong"; it is never echoed back.
  validationError: { target: false, value: true },
  exceptionFactory: (errors) => invalid(collect(errors)),
};

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe(VALIDATION_OPTIONS);
}

function collect(errors: ClassValidatorError[], parent = '', into: FieldErrors = {}): FieldErrors {
  for (const error of errors) {
    const path =
      parent === ''
        ? error.property
        : /^\d+$/.test(error.property)
          ? `${parent}[${error.property}]`
          : `${parent}.${error.property}`;
    // A rule on every item (`{ each: true }`) names the items that break it, not the whole array;
    // the field's other rules (its size, say) are still reported on the field.
    const notObjects =
      Array.isArray(error.value) && error.constraints?.isObject !== undefined
        ? error.value.flatMap((item: unknown, index) =>
            typeof item !== 'object' || item === null || Array.isArray(item) ? [index] : [],
          )
        : [];
    if (notObjects.length > 0) {
      for (const index of notObjects) into[`${path}[${index}]`] = [TYPE_MESSAGES.isObject];
      const { isObject: _itemRule, ...otherRules } = error.constraints!;
      const messages = messagesFor({ ...error, constraints: otherRules });
      if (messages.length > 0) into[path] = messages;
      if (error.children?.length) collect(error.children, path, into);
      continue;
    }
    const messages = messagesFor(error);
    if (messages.length > 0) into[path] = messages;
    if (error.children?.length && messages.length === 0) collect(error.children, path, into);
  }
  return into;
}

function messagesFor(error: ClassValidatorError): string[] {
  const constraints = Object.entries(error.constraints ?? {});
  if (constraints.length === 0) return [];
  if (constraints.some(([name]) => name === 'whitelistValidation')) return ['is not an accepted field'];
  if (error.value === undefined || error.value === null) return ['is required'];
  // In the set's order, whatever order the decorators ran in: `lines` that is no array must say so, not that its items are no objects.
  const typeFailure = [...TYPE_CONSTRAINTS].find((name) => error.constraints![name] !== undefined);
  if (typeFailure)
    return [TYPE_MESSAGES[typeFailure] ?? stripProperty(error.constraints![typeFailure], error.property)];
  return constraints.map(([, message]) => stripProperty(message, error.property));
}

/** class-validator messages start with the property name, which the field key already says. */
function stripProperty(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
