import { loadConfig } from '../../src/shared/config/load-config.js';
import { ConfigError } from '../../src/shared/config/config.error.js';

/** The problems loadConfig reports for an environment; fails the test when it accepts it. */
export function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}
