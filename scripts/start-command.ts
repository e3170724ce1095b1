import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface StartCommand {
  /** Environment the start script sets, e.g. MALLOC_ARENA_MAX. */
  readonly env: Record<string, string>;
  /** Node flags, e.g. --max-old-space-size. */
  readonly nodeArgs: string[];
  /** The entry point, relative to the repository root. */
  readonly entry: string;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/dist\/$/, '/');

/**
 * `npm start` as written in package.json, taken apart, so the process tests,
 * the topology tests and the benchmarks start Tessera exactly the way it ships
 * (`VAR=value … node --flag … dist/tessera.mjs`).
 */
export function startCommand(): StartCommand {
  const script = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  const tokens = script.trim().split(/\s+/);
  const node = tokens.indexOf('node');
  if (node < 0 || node === tokens.length - 1) throw new Error(`cannot read the start script: ${script}`);
  const env = Object.fromEntries(tokens.slice(0, node).map((token) => token.split('=', 2) as [string, string]));
  return { env, nodeArgs: tokens.slice(node + 1, -1), entry: tokens.at(-1)! };
}

export const REPOSITORY_ROOT = ROOT;
