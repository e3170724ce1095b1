import { Transform } from 'class-transformer';

/**
 * Reads a query-string parameter as a whole number only when it is written as
 * digits. `Number()` would also take "0x10", "1e1", " 5" or "" (as 0); those
 * stay strings here, so the validator refuses them as not an integer.
 */
export function QueryInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value,
  );
}
