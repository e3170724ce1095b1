import { ExtractError } from './schema-copy.js';

export type ExtractOptions =
  | { readonly mode: 'help' }
  | {
      readonly mode: 'to';
      readonly module: string;
      readonly to: string;
      readonly force: boolean;
      readonly showSecrets: boolean;
    }
  | { readonly mode: 'back'; readonly module: string; readonly force: boolean; readonly showSecrets: boolean }
  | { readonly mode: 'drop-source'; readonly module: string };

export function extractHelp(modules: readonly string[]): string {
  return `Usage:
  npm run extract -- <module> --to <postgres-url> [--force] [--show-secrets]
  npm run extract -- <module> --to-env <VARIABLE> [--force] [--show-secrets]
  npm run extract -- <module> --back [--force] [--show-secrets]
  npm run extract -- <module> --drop-source

Moves one module's data to a database of its own (the micro stage) and back.
Modules: ${modules.join(', ')}.

  --to <url>       Copy the module's schema and rows from its current database
                   (<MODULE>_DATABASE_URL when set, else DATABASE_URL or the
                   embedded PostgreSQL) to the database at <url>, given as an
                   owner connection (it may create a role and a schema). The
                   module's role and schema are provisioned there and its
                   migrations run, then every table is copied from one
                   consistent snapshot and verified: row count and checksum per
                   table on both sides. Prints the configuration to switch over.
  --to-env <VAR>   The same, with the URL read from the environment variable
                   VAR: the owner password stays out of the command line.
  --back           The reverse: copy from <MODULE>_DATABASE_URL (required) into
                   the shared database (DATABASE_URL or the embedded one).
  --force          Replace rows the target schema already holds (they are
                   deleted first); without it a non-empty target is refused,
                   unless the target is a database the module moved away from
                   (its stale copy is replaced as a matter of course).
  --drop-source    Drop the module's schema from the shared database, once it
                   runs on <MODULE>_DATABASE_URL. Refused unless both hold
                   identical data right now (so: with the module stopped).
  --show-secrets   Print the new database URL with its password.

Writes to the module MUST be stopped during the copy: stop the process that
hosts the module (in the macro stage, the whole application; in the mini stage,
the module's own process) or route its traffic away. The command refuses to
start while the module's role is still connected to the source, and locks the
module's tables there while it copies. Once the copy is committed the source is
fenced: the module's role can no longer write it, and no process starts the
module on it again (until --back brings the module back there).

Exit status: 0 when copied and verified; 1 on any error or mismatch; 78 when
the environment's configuration is invalid.
`;
}

/** Parses `extract`'s arguments; throws ExtractError with a one-line reason. */
export function parseExtractArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): ExtractOptions {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { mode: 'help' };
  let module: string | undefined;
  let to: string | undefined;
  let back = false;
  let dropSource = false;
  let force = false;
  let showSecrets = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--to') {
      to = argv[++index];
      if (to === undefined || to.startsWith('--'))
        throw new ExtractError('--to needs a PostgreSQL URL, e.g. --to postgres://owner:secret@db-host:5432/catalog');
    } else if (arg.startsWith('--to=')) to = arg.slice('--to='.length);
    else if (arg === '--to-env' || arg.startsWith('--to-env=')) {
      // The URL from a variable, so the owner password stays out of the command line (ps, shell history).
      const variable = arg === '--to-env' ? argv[++index] : arg.slice('--to-env='.length);
      if (variable === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable))
        throw new ExtractError(
          '--to-env needs the name of an environment variable holding the URL, e.g. --to-env CATALOG_TARGET_URL',
        );
      to = env[variable];
      if (to === undefined || to === '') throw new ExtractError(`--to-env ${variable}: that variable is not set`);
    } else if (arg === '--back') back = true;
    else if (arg === '--drop-source') dropSource = true;
    else if (arg === '--force') force = true;
    else if (arg === '--show-secrets') showSecrets = true;
    else if (arg.startsWith('-')) throw new ExtractError(`unknown option ${arg} (see --help)`);
    else if (module === undefined) module = arg;
    else throw new ExtractError(`unexpected argument "${arg}": name one module (see --help)`);
  }
  if (module === undefined)
    throw new ExtractError('name the module to extract, e.g. `npm run extract -- catalog --to <postgres-url>`');
  const modes = [to !== undefined, back, dropSource].filter(Boolean).length;
  if (modes !== 1)
    throw new ExtractError('give exactly one of --to <url> (or --to-env <VAR>), --back or --drop-source (see --help)');
  if (to !== undefined) {
    let url: URL;
    try {
      url = new URL(to);
    } catch {
      throw new ExtractError('--to must be a URL starting with postgres:// or postgresql://');
    }
    if (!['postgres:', 'postgresql:'].includes(url.protocol))
      throw new ExtractError('--to must be a URL starting with postgres:// or postgresql://');
    return { mode: 'to', module, to, force, showSecrets };
  }
  if (back) return { mode: 'back', module, force, showSecrets };
  if (force) throw new ExtractError('--force has no meaning with --drop-source: it only ever drops identical data');
  return { mode: 'drop-source', module };
}

/** Removes every password of `urls` from `text` (error messages may quote connection strings). */
export function redact(text: string, urls: readonly string[]): string {
  let result = text.replace(/(\/\/[^:@/\s]*):([^@/\s]*)@/g, '$1:***@');
  for (const value of urls) {
    try {
      const url = new URL(value);
      for (const secret of [url.password, decodeURIComponent(url.password)]) {
        if (secret.length >= 4) result = result.split(secret).join('***');
      }
    } catch {
      // not a URL: nothing to hide
    }
  }
  return result;
}
