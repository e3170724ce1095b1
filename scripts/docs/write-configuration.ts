// `npm run docs:configuration`: writes docs/configuration.md from the environment schema
// (src/shared/config/environment/environment.schema.ts), where every variable is declared once with its rule,
// its default and its one line of documentation. A test checks the committed file is what this writes.
import { writeFile } from 'node:fs/promises';
import {
  ENVIRONMENT,
  MODULE_VARIABLE_FAMILIES,
  MODULE_VARIABLE_FAMILY_DOCUMENTATION,
} from '../../src/shared/config/environment/environment.schema.js';
import {
  DOCUMENTATION,
  VARIABLE_GROUPS,
  type VariableDocumentation,
  type VariableGroup,
} from '../../src/shared/config/environment/variable.js';
import { REPOSITORY_ROOT } from '../start-command.js';

export const CONFIGURATION_FILE = 'docs/configuration.md';

/** One row of a group's table. */
interface Row {
  readonly name: string;
  readonly default: string;
  readonly meaning: string;
}

/** Each group's heading, and what needs more than a table cell, as paragraphs under its table. */
const GROUPS: Record<VariableGroup, { readonly title: string; readonly notes: readonly string[] }> = {
  server: {
    title: 'Server',
    notes: [
      '**`TRUST_PROXY`.** The client address is what the sign-in and sign-up throttles count by. Unset, it is ' +
        'the TCP peer: behind a proxy every client then shares the proxy’s address, and so its budgets. A number ' +
        '*n* believes the nearest *n* hops of `X-Forwarded-For`; a list believes the header from those addresses ' +
        '(CIDRs, `loopback`, `linklocal`, `uniquelocal`). `true` is refused: it believes the left-most address, ' +
        'which any client writes, so a guesser could claim a new address on every try. The process of an ' +
        'extracted `users` needs the address of the process that proxies to it (`loopback` on one machine).',
      '**`CORS_ORIGINS`.** Each origin is compared as a browser sends it: scheme, host and port ' +
        '(`https://Shop.example.com:443/` is `https://shop.example.com`), with no wildcard in a host. For an ' +
        'allowed origin, a preflight is answered `204` before routing, whatever its path, with the API’s methods ' +
        '(`GET, HEAD, POST, PATCH`) and the headers clients send (`Authorization`, `Content-Type`, ' +
        '`Idempotency-Key`, `X-Request-Id`, `X-Correlation-Id`); the request itself then gets its real answer ' +
        '(`404`, `405` with `Allow`), which the page can read. Because preflights never reach a route, the process ' +
        'serving the public API answers them for extracted modules too; give every process the same value. ' +
        'Answers, errors included, expose `Location`, `Retry-After`, `Allow`, `Idempotent-Replayed` and ' +
        '`X-Request-Id`. Credentials are never allowed (tokens travel in `Authorization`, never in cookies). ' +
        'With `*`, every answer carries `Access-Control-Allow-Origin: *`. An unlisted origin gets no CORS headers, ' +
        'and `/internal/…` never does.',
    ],
  },
  database: {
    title: 'Database',
    notes: [
      'The owner connection (`DATABASE_URL`, the embedded server, or `<MODULE>_DATABASE_URL`) provisions, for ' +
        'each hosted module, a login role `tessera_<module>` that owns schema `<module>` and nothing else; the ' +
        'module’s pool connects as that role, with a password derived from the owner’s credentials, so no other ' +
        'database secret is configured ([ADR 0002](adr/0002-schema-and-role-per-module.md)). `npm run migrate` ' +
        'provisions and migrates, then exits. The embedded PostgreSQL serves one process: a deployment of several ' +
        'processes needs a real server.',
    ],
  },
  security: {
    title: 'Security and sessions',
    notes: [
      '**Sign-in throttle.** Each attempt is counted when it starts, in `users.login_attempts`, so every process ' +
        'hosting users and every restart share one budget and concurrent guesses are counted one by one. Three ' +
        'budgets apply per window, in multiples of `LOGIN_MAX_FAILURES`: one account from one address (×1), one ' +
        'account from all addresses together (×10, so a guesser elsewhere cannot lock its owner out), and one ' +
        'address over all accounts (×5). A successful sign-in clears the account’s counts and gives the address ' +
        'its attempt back, so an address only holds the sign-ins it has in flight. A refused attempt checks no ' +
        'password and spends nothing. IPv6 clients count per /64.',
      '**Sign-up throttle.** Every sign-up that passes validation counts, in `users.registration_attempts`, ' +
        'including one refused because the email is taken, so the budget also bounds probing for accounts; a ' +
        'refused one spends nothing. Both throttles answer `429` with `Retry-After`; behind a proxy they need ' +
        '`TRUST_PROXY`.',
      '**Sessions.** A sign-in starts a session and returns a refresh token; each refresh spends it and issues ' +
        'the next, never lasting past the session’s end. A token spent twice ends the whole session, as a logout ' +
        'does; only a hash of each token is stored ([ADR 0006](adr/0006-sessions-rotate-refresh-tokens.md)).',
    ],
  },
  events: {
    title: 'Events',
    notes: [
      'How the outbox, the relay, retries and dead letters behave: [events.md](events.md#delivery-guarantees). ' +
        'Each relay claim holds one of its module’s connections while its events are handled, hence ' +
        '`DB_POOL_SIZE` > `RELAY_CLAIMERS`.',
    ],
  },
  topology: {
    title: 'Topologies and remote modules',
    notes: [
      'At start-up the process checks its topology: `MODULES` names known modules; `<MODULE>_URL` names a module ' +
        'it does not host; every hosted module’s dependency is hosted or reached (a process hosting `orders` ' +
        'alone needs `CATALOG_URL`); and, once some module runs elsewhere, `SERVICE_TOKEN` and `BROKER_URL` are ' +
        'set. A module neither hosted nor reached is not served here (its routes answer `404`; the banner says so). ' +
        '`<X>_URL` and `<X>_DATABASE_URL` that name no module (a platform’s `REDIS_URL`) are ignored, with a ' +
        'warning.',
      '**`SERVICE_TOKEN`** never travels. Each service call carries `Authorization: Service <jwt>`, signed with a ' +
        'key derived from it, naming the calling process, lasting a minute and bound to the call’s method and ' +
        'target, so a token seen in a log is good for that one call. A process given another value refuses the ' +
        'calls (`401`), which its caller answers `502 remote-module-refused`.',
      '**Remote calls** get `REMOTE_TIMEOUT_MS` each; idempotent ones are retried (25 ms, doubling) while the ' +
        'breaker is closed. Time-outs, broken connections and `5xx` answers count towards the breaker, a `4xx` ' +
        'refusal does not; an open breaker answers `503` with `Retry-After` at once. Proxied public requests share ' +
        'the module’s breaker.',
    ],
  },
  tracing: {
    title: 'Tracing (OpenTelemetry)',
    notes: [
      'The standard `OTEL_*` variables, read as the OpenTelemetry specification defines them; the exporter also ' +
        'reads `OTEL_EXPORTER_OTLP_HEADERS` and `OTEL_EXPORTER_OTLP_TIMEOUT` itself. With no endpoint set, the SDK ' +
        'is not even loaded. What is traced, and how one order becomes one trace: [tracing.md](tracing.md).',
    ],
  },
};

const INTRO = [
  '# Configuration',
  '',
  '<!-- Generated by `npm run docs:configuration` from src/shared/config/environment/environment.schema.ts; do not edit. -->',
  '',
  'Tessera is configured by environment variables, read and validated once at start-up; nothing else reads ' +
    'the environment. Every problem is reported at once, one line each naming its variable ' +
    '(`tessera: invalid configuration: PORT must be an integer from 0 to 65535 (got "x")`), and the process ' +
    'exits with code 78 before it opens any connection. A blank variable counts as unset; credentials in a ' +
    'URL are masked in these lines.',
  '',
  '**Secrets.** `JWT_SECRET` and `SERVICE_TOKEN` must be the same in every process of a deployment, and no ' +
    'other secret is shared; the processes also run the same release. `ADMIN_PASSWORD`, `METRICS_TOKEN` and ' +
    'the owner connections’ passwords are secrets too. Outside production a missing `JWT_SECRET` is generated once ' +
    'and kept, readable by its owner only, in `TESSERA_DATA_DIR`.',
];

/** docs/configuration.md as the schema says it should read. */
export function configurationText(): string {
  const rows = new Map<VariableGroup, Row[]>(VARIABLE_GROUPS.map((group) => [group, []]));
  for (const [name, schema] of Object.entries(ENVIRONMENT.shape)) {
    const documentation = DOCUMENTATION.get(schema);
    if (!documentation)
      throw new Error(`${name} has no documentation: declare it with its group in environment.schema.ts`);
    rows.get(documentation.group)!.push(row(name, documentation, schema.parse(undefined)));
  }
  for (const key of Object.keys(MODULE_VARIABLE_FAMILIES) as (keyof typeof MODULE_VARIABLE_FAMILIES)[]) {
    const documentation = MODULE_VARIABLE_FAMILY_DOCUMENTATION[key];
    rows.get(documentation.group)!.push(row(documentation.name, documentation, undefined));
  }
  const lines = [...INTRO];
  for (const group of VARIABLE_GROUPS) {
    lines.push('', `## ${GROUPS[group].title}`, '', '| variable | default | meaning |', '|---|---|---|');
    for (const { name, default: fallback, meaning } of rows.get(group)!)
      lines.push(`| \`${name}\` | ${fallback} | ${meaning} |`);
    for (const note of GROUPS[group].notes) lines.push('', note);
  }
  return `${lines.join('\n')}\n`;
}

/** A default as the table shows it: `3000`, `true`, `tessera`; undefined for none (unset, or an empty list). */
function shown(value: unknown): string | undefined {
  const values = Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value];
  if (values.length === 0) return undefined;
  if (!values.every((item) => ['string', 'number', 'boolean'].includes(typeof item)))
    throw new Error(`cannot show the default ${JSON.stringify(value)}`);
  return `\`${values.join(',')}\``;
}

/** A table row; the default is the schema's own value, or what applies while unset when it has none. */
function row(name: string, documentation: VariableDocumentation, value: unknown): Row {
  const fallback = shown(value);
  if (fallback !== undefined && documentation.unset !== undefined)
    throw new Error(`${name} has a default (${fallback}); its documentation must not say what applies unset`);
  if (fallback === undefined && documentation.unset === undefined)
    throw new Error(`${name} has no default: its documentation must say what applies while it is unset`);
  const cells = { name, default: fallback ?? documentation.unset!, meaning: documentation.describe };
  for (const cell of Object.values(cells))
    if (cell.trim() === '' || /[|\n]/.test(cell))
      throw new Error(`${name}: a table cell must be one non-empty line without "|" (got ${JSON.stringify(cell)})`);
  return cells;
}

async function main(): Promise<void> {
  await writeFile(`${REPOSITORY_ROOT}${CONFIGURATION_FILE}`, configurationText());
  process.stdout.write(`docs: wrote ${CONFIGURATION_FILE}\n`);
}

if (process.argv[1]?.endsWith('write-configuration.js')) await main();
