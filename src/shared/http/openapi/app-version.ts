import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ROOT } from '../../config/app-root.js';

/** The version in package.json. */
export const APP_VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();
