import { type ArgumentMetadata, ValidationPipe, type ValidationError as ClassValidatorError } from '@nestjs/common';
import { type FieldErrors, ValidationError } from '../errors/application-error.js';

/** Constraints that say the value has the wrong type; when one fails, range messages are noise. */
const TYPE_CONSTRAINTS = new Set(['isString', 'isInt', 'isNumber', 'isArray', 'isBoolean', 'isObject', 'nestedValidation', 'isUuid']);
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
    if (metadata.type === 'body' && metadata.metatype !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new ValidationError('The request body must be a JSON object.', { body: ['must be a JSON object'] });
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // `value` is kept to tell "missing" from "wrong"; it is never echoed back.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const fields = collect(errors);
      const summary = Object.entries(fields)
        .map(([field, messages]) => `${field} ${messages.join(', ')}`)
        .join('; ');
      return new ValidationError(`The request is invalid: ${summary}.`, fields);
    },
  });
}

function collect(errors: ClassValidatorError[], parent = '', into: FieldErrors = {}): FieldErrors {
  for (const error of errors) {
    const path = parent === '' ? error.property : /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
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
  const typeFailure = constraints.find(([name]) => TYPE_CONSTRAINTS.has(name));
  if (typeFailure) return [TYPE_MESSAGES[typeFailure[0]] ?? stripProperty(typeFailure[1], error.property)];
  return constraints.map(([, message]) => stripProperty(message, error.property));
}

/** class-validator messages start with the property name, which the field key already says. */
function stripProperty(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
