import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of Tessera's package.json, found from wherever this file runs (src/ under tests, dist/ from the bundle,
 * /app in the image): what is read from disk at run time (the version, the built pages) is found from it.
 */
export const APP_ROOT: string = (() => {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) return process.cwd();
    directory = parent;
  }
  return directory;
})();
