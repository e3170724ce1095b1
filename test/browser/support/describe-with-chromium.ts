import { existsSync } from 'node:fs';
import { CHROMIUM } from './chromium.js';

/**
 * `describe` when Chromium is installed; otherwise `describe.skip` with the reason in the suite's name. Under CI a
 * missing Chromium is an error: .ci/run installs it.
 */
export function describeWithChromium(): { describe: jest.Describe; reason: string } {
  if (existsSync(CHROMIUM)) return { describe, reason: '' };
  const reason = `skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI) throw new Error(`The browser suite needs Chromium under CI: ${reason}`);
  process.stderr.write(`\n  [browser] ${reason}\n`);
  return { describe: describe.skip, reason: ` (${reason})` };
}
