import { Injectable, type PipeTransform } from '@nestjs/common';
import { ValidationError } from '../../errors/application.errors.js';

/**
 * For a request that takes no input: the body may be absent or `{}`; a field
 * in it is refused (400 naming it) rather than silently ignored, so a client
 * that thinks it sends, say, a reason learns that it does not.
 */
@Injectable()
export class EmptyBodyPipe implements PipeTransform {
  transform(body: unknown): undefined {
    if (body === undefined) return undefined;
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw ValidationError.forField('body', 'must be empty or {}');
    const fields = Object.keys(body);
    if (fields.length > 0) {
      throw new ValidationError(
        `This request takes no fields: ${fields.join(', ')}.`,
        Object.fromEntries(fields.map((field) => [field, ['is not accepted here']])),
      );
    }
    return undefined;
  }
}
