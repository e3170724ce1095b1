import { readFile } from 'node:fs/promises';
import { CONFIGURATION_FILE, configurationText } from '../../scripts/docs/write-configuration.js';
import {
  ENVIRONMENT,
  MODULE_VARIABLE_FAMILIES,
  MODULE_VARIABLE_FAMILY_DOCUMENTATION,
} from '../../src/shared/config/environment/environment.schema.js';
import { DOCUMENTATION } from '../../src/shared/config/environment/variable.js';
import { ROOT } from '../support/tessera-process.js';

/** docs/configuration.md is written from the environment schema, where each variable is declared once. */
describe('the configuration reference', () => {
  it('gives every variable a one-line description', () => {
    const undescribed = Object.entries(ENVIRONMENT.shape)
      .filter(([, schema]) => !DOCUMENTATION.get(schema)?.describe.trim())
      .map(([name]) => name);
    expect(undescribed).toEqual([]);
    const families = Object.keys(MODULE_VARIABLE_FAMILIES) as (keyof typeof MODULE_VARIABLE_FAMILIES)[];
    expect(families.filter((family) => !MODULE_VARIABLE_FAMILY_DOCUMENTATION[family]?.describe.trim())).toEqual([]);
  });

  it(`${CONFIGURATION_FILE} is what the schema says (run \`npm run docs:configuration\` after changing a variable)`, async () => {
    expect(await readFile(`${ROOT}/${CONFIGURATION_FILE}`, 'utf8')).toBe(configurationText());
  });

  it('lists every variable once, with its default', () => {
    const text = configurationText();
    for (const name of Object.keys(ENVIRONMENT.shape)) {
      const rows = text.split('\n').filter((line) => line.startsWith(`| \`${name}\` |`));
      expect(rows).toHaveLength(1);
    }
    expect(text).toContain('| `PORT` | `3000` |');
    expect(text).toContain('| `BROKER_NAMESPACE` | `tessera` |');
  });
});
