import { maskUrl } from '../kernel/mask-url.js';
import { ConfigError } from './config-error.js';

type Env = Record<string, string | undefined>;

/**
 * Reads typed values out of `process.env`, collecting every problem instead of
 * stopping at the first, so a misconfigured deployment is fixed in one go.
 * Each problem is one line: the variable, what it expects, what it got.
 */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    return this.raw(name) ?? fallback;
  }

  integer(name: string, fallback: number, range: { min: number; max: number }): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value) || parsed < range.min || parsed > range.max) {
      return this.fail(name, `an integer from ${range.min} to ${range.max}`, value, fallback);
    }
    return parsed;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    return this.fail(name, '"true" or "false"', value, fallback);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      return this.fail(name, `one of ${allowed.join(', ')}`, value, fallback);
    }
    return value as T;
  }

  /** A URL whose protocol is one of `protocols`; credentials are masked in error output. */
  url(name: string, protocols: string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
        return this.fail(name, `a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`, maskUrl(value), undefined);
      }
      return value;
    } catch {
      return this.fail(name, `a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`, '(unparseable)', undefined);
    }
  }

  /** A comma-separated list whose items match `item`. */
  list(name: string, item: RegExp, expects: string): string[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const items = value.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
    if (items.length === 0 || !items.every((part) => item.test(part))) return this.fail(name, expects, value, undefined);
    return items;
  }

  /**
   * Every variable whose name matches `pattern` (first group = key, lower-cased),
   * read with `read`; a family such as `<MODULE>_DATABASE_URL`.
   */
  matching(pattern: RegExp, read: (name: string) => string | undefined): Record<string, string> {
    const found: Record<string, string> = {};
    for (const name of Object.keys(this.env).sort()) {
      const match = pattern.exec(name);
      if (!match || this.raw(name) === undefined) continue;
      const value = read(name);
      if (value !== undefined) found[match[1]!.toLowerCase()] = value;
    }
    return found;
  }

  /** Records a problem that a single variable cannot express (a rule across variables). */
  problem(name: string, expects: string): void {
    this.problems.push(`${name} must be ${expects}`);
  }

  /** Throws one `ConfigError` listing every problem found so far. */
  assertValid(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }

  private fail<T>(name: string, expects: string, got: string, fallback: T): T {
    this.problems.push(`${name} must be ${expects} (got "${got}")`);
    return fallback;
  }
}
