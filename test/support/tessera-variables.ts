import { CONFIGURATION_VARIABLES, MODULE_VARIABLE_FAMILIES } from '../../src/shared/config/index.js';

/**
 * Whether Tessera reads this environment variable (one of its own, or of the
 * `<X>_URL` families). A process a test starts gets only the ones the test
 * gives it: one exported in the runner's shell (a BROKER_URL, a MODULES) must
 * not change what is tested.
 */
export function isTesseraVariable(name: string): boolean {
  return (
    CONFIGURATION_VARIABLES.includes(name) ||
    MODULE_VARIABLE_FAMILIES.url.test(name) ||
    MODULE_VARIABLE_FAMILIES.databaseUrl.test(name)
  );
}
