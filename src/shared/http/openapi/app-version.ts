import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The version in package.json, found from wherever this file runs (src/ under tests, dist/ in production). */
export const APP_VERSION: string = (() => {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      return (JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      const parent = dirname(directory);
      if (parent === directory) return '0.0.0';
      directory = parent;
    }
  }
})();
