import { validate as isUuid } from 'uuid';

/** A payload that does not match its contract; such an event is parked, never handled. */
export class InvalidEventPayloadError extends Error {
  constructor(
    readonly eventType: string,
    readonly problems: string[],
  ) {
    super(`${eventType} payload is invalid: ${problems.join('; ')}`);
    this.name = 'InvalidEventPayloadError';
  }
}

/**
 * Reads a JSON payload field by field, collecting every mismatch, so event
 * contracts can validate what they receive without a schema library.
 */
export class PayloadReader {
  private constructor(
    private readonly value: Record<string, unknown>,
    private readonly path: string,
    private readonly problems: string[],
  ) {}

  static read<T>(eventType: string, raw: unknown, shape: (reader: PayloadReader) => T): T {
    const problems: string[] = [];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new InvalidEventPayloadError(eventType, ['payload must be an object']);
    const result = shape(new PayloadReader(raw as Record<string, unknown>, '', problems));
    if (problems.length > 0) throw new InvalidEventPayloadError(eventType, problems);
    return result;
  }

  string(key: string, options: { optional?: false } = {}): string {
    const value = this.value[key];
    if (typeof value === 'string' && value.length > 0) return value;
    if (options.optional === false || value !== undefined) this.problem(key, 'must be a non-empty string');
    else this.problem(key, 'is required');
    return '';
  }

  nullableString(key: string): string | null {
    const value = this.value[key];
    if (value === null || typeof value === 'string') return value;
    this.problem(key, 'must be a string or null');
    return null;
  }

  uuid(key: string): string {
    const value = this.value[key];
    if (typeof value === 'string' && isUuid(value)) return value;
    this.problem(key, 'must be a UUID');
    return '';
  }

  integer(key: string, bounds: { min?: number; max?: number } = {}): number {
    const value = this.value[key];
    const min = bounds.min ?? Number.MIN_SAFE_INTEGER;
    const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    this.problem(key, `must be an integer from ${min} to ${max}`);
    return 0;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.value[key];
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.problem(key, `must be one of ${allowed.join(', ')}`);
    return allowed[0];
  }

  array<T>(key: string, item: (reader: PayloadReader) => T, bounds: { min?: number; max?: number } = {}): T[] {
    const value = this.value[key];
    if (!Array.isArray(value)) {
      this.problem(key, 'must be an array');
      return [];
    }
    if (value.length < (bounds.min ?? 0) || value.length > (bounds.max ?? Number.MAX_SAFE_INTEGER)) {
      this.problem(key, `must have ${bounds.min ?? 0} to ${bounds.max ?? 'any number of'} items`);
    }
    return value.map((element, index) => {
      const path = `${this.at(key)}[${index}]`;
      if (typeof element !== 'object' || element === null || Array.isArray(element)) {
        this.problems.push(`${path} must be an object`);
        return undefined as T;
      }
      return item(new PayloadReader(element as Record<string, unknown>, path, this.problems));
    });
  }

  /** A nested object, or null; absent reads as null, so events written before the field existed still read. */
  nullableObject<T>(key: string, shape: (reader: PayloadReader) => T): T | null {
    const value = this.value[key];
    if (value === null || value === undefined) return null;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problem(key, 'must be an object or null');
      return null;
    }
    return shape(new PayloadReader(value as Record<string, unknown>, this.at(key), this.problems));
  }

  private problem(key: string, message: string): void {
    this.problems.push(`${this.at(key)} ${message}`);
  }

  private at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }
}
