import { z } from 'zod';
import type { LogLevel, RuntimeEnvironment } from '../app-config.js';
import { corsOrigins, trustProxy } from './http-settings.js';
import {
  flag,
  inGroup,
  integer,
  list,
  oneOf,
  ratio,
  text,
  url,
  type VariableDocumentation,
  withDefault,
} from './variable.js';

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export const POSTGRES = ['postgres', 'postgresql'];
export const HTTP = ['http', 'https'];
/** The shortest SERVICE_TOKEN accepted: checked when it is set, and required once modules run in several processes. */
export const MIN_SERVICE_TOKEN_LENGTH = 32;

const server = inGroup('server');
const database = inGroup('database');
const security = inGroup('security');
const events = inGroup('events');
const topology = inGroup('topology');
const tracing = inGroup('tracing');

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export const TRACE_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

/**
 * Every variable Tessera reads, by name, with its rules, its default and its
 * one line of documentation (zod); the `<MODULE>_URL` and
 * `<MODULE>_DATABASE_URL` families are read beside it. `npm run
 * docs:configuration` writes `docs/configuration.md` from this file. Problems
 * are reported in this order.
 */
export const ENVIRONMENT = z.object({
  NODE_ENV: server(
    withDefault(oneOf<RuntimeEnvironment>(['development', 'production', 'test']), 'development'),
    '`development`, `production` (requires `JWT_SECRET`, listens on all interfaces) or `test` (logs nothing)',
  ),
  HOST: server(text(), 'address the HTTP API listens on', { unset: '`127.0.0.1`; `0.0.0.0` in production' }),
  PORT: server(integer(3000, { min: 0, max: 65535 }), 'port the HTTP API listens on (`0`: any free port)'),
  BODY_LIMIT_BYTES: server(
    integer(102_400, { min: 1_024, max: 10_485_760 }),
    'largest request body accepted; a larger one gets 413',
  ),
  TRUST_PROXY: server(
    withDefault(trustProxy(), false),
    'proxies whose `X-Forwarded-For` is believed: a number of hops, or addresses, CIDRs, `loopback`; never `true`',
  ),
  CORS_ORIGINS: server(
    withDefault(corsOrigins(), []),
    'browser origins allowed to call the API, comma-separated (`https://shop.example.com`), or `*`',
    { unset: 'none: same origin only' },
  ),
  WEB_PAGES: server(
    flag(true),
    'serve the storefront at `/` and the operations console at `/console`, where this process serves the whole API',
  ),
  DATABASE_URL: database(url(POSTGRES), 'owner connection (`postgres://…`) of the shared PostgreSQL server', {
    unset: 'an embedded PostgreSQL in `TESSERA_DATA_DIR`',
  }),
  TESSERA_DATA_DIR: database(
    withDefault(text(), '.data'),
    'folder of the embedded PostgreSQL cluster and of generated development secrets',
  ),
  EMBEDDED_PG_PORT: database(
    integer(54329, { min: 1024, max: 65535 }),
    'port of the embedded PostgreSQL, which listens on 127.0.0.1 only',
  ),
  DB_POOL_SIZE: database(
    integer(10, { min: 1, max: 200 }),
    'connections of each module pool; must be larger than `RELAY_CLAIMERS`',
  ),
  DB_MIGRATE_ON_START: database(
    flag(true),
    'apply pending migrations at start-up (schemas and roles are provisioned either way)',
  ),
  DB_STATEMENT_TIMEOUT_MS: database(
    integer(15_000, { min: 100, max: 600_000 }),
    'statement timeout of every module connection',
  ),
  MODULES: topology(
    list(/^[a-z][a-z0-9-]*$/, 'a comma-separated list of module names, e.g. "catalog" or "users,orders"'),
    'modules this process hosts, comma-separated, e.g. `catalog` or `users,orders`',
    { unset: 'every module' },
  ),
  SERVICE_TOKEN: topology(
    text(),
    `the deployment’s service secret (≥ ${MIN_SERVICE_TOKEN_LENGTH} characters), required once modules run in several processes`,
    { unset: 'none: service endpoints refuse every call' },
  ),
  REMOTE_TIMEOUT_MS: topology(
    integer(2_000, { min: 50, max: 60_000 }),
    'time allowed for one facade call to a module in another process',
  ),
  PROXY_TIMEOUT_MS: topology(
    integer(10_000, { min: 100, max: 300_000 }),
    'time allowed for a public request proxied to a module in another process',
  ),
  REMOTE_RETRIES: topology(
    integer(2, { min: 0, max: 10 }),
    'retries of a failed idempotent facade call; a call that changes state is never retried',
  ),
  BREAKER_FAILURE_THRESHOLD: topology(
    integer(5, { min: 1, max: 1_000 }),
    'consecutive failures that open the circuit breaker of a remote module',
  ),
  BREAKER_RESET_MS: topology(
    integer(5_000, { min: 100, max: 600_000 }),
    'how long an open breaker answers 503 at once before it lets a trial call through',
  ),
  BROKER_URL: events(
    url(['amqp', 'amqps']),
    'RabbitMQ (`amqp://…`) that carries events between processes; required once modules run in several',
    { unset: 'events stay in the process' },
  ),
  BROKER_NAMESPACE: events(
    withDefault(list(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, ".", "_" or "-"'), ['tessera']),
    'prefix of exchange and queue names, so several deployments can share one broker',
  ),
  BROKER_PREFETCH: events(integer(32, { min: 1, max: 10_000 }), 'unacknowledged messages one consumer holds at most'),
  BROKER_EVENT_FORMAT: events(
    withDefault(oneOf<'cloudevents' | 'envelope'>(['cloudevents', 'envelope']), 'cloudevents'),
    'what events are published as: CloudEvents in binary mode, or `envelope` (the earlier format) while processes of an earlier version still consume; both are read',
  ),
  JWT_SECRET: security(
    text(),
    'signs access tokens: ≥ 16 characters, ≥ 32 and required in production; the same in every process',
    { unset: 'generated once into `TESSERA_DATA_DIR` (refused in production)' },
  ),
  JWT_TTL_SECONDS: security(integer(900, { min: 60, max: 86_400 }), 'access-token lifetime'),
  REFRESH_TTL_SECONDS: security(
    integer(2_592_000, { min: 300, max: 31_536_000 }),
    'refresh-token lifetime (30 days) unless spent first; each refresh issues the next token',
  ),
  REFRESH_SESSION_MAX_SECONDS: security(
    integer(7_776_000, { min: 300, max: 31_536_000 }),
    'session lifetime (90 days) from its sign-in, however often it is refreshed',
  ),
  LOGIN_MAX_FAILURES: security(
    integer(5, { min: 1, max: 1_000 }),
    'failed sign-ins of one account from one address within the window before 429',
  ),
  LOGIN_WINDOW_SECONDS: security(integer(900, { min: 1, max: 86_400 }), 'window of the sign-in throttle'),
  REGISTRATION_MAX_PER_ADDRESS: security(
    integer(20, { min: 1, max: 1_000_000 }),
    'sign-ups from one address within the window before 429',
  ),
  REGISTRATION_WINDOW_SECONDS: security(integer(3_600, { min: 1, max: 86_400 }), 'window of the sign-up throttle'),
  ADMIN_EMAIL: security(
    text(),
    'with `ADMIN_PASSWORD`: the admin account the process hosting users ensures at start-up',
    { unset: 'no admin account is ensured' },
  ),
  ADMIN_PASSWORD: security(text(), 'its password (≥ 8 characters); an existing account is promoted and given it', {
    unset: 'set together with `ADMIN_EMAIL`',
  }),
  RELAY_POLL_INTERVAL_MS: events(
    integer(1_000, { min: 10, max: 60_000 }),
    'how often a relay looks at its outbox when no commit in its process woke it',
  ),
  RELAY_BATCH_SIZE: events(integer(100, { min: 1, max: 10_000 }), 'events one relay claim takes at most'),
  RELAY_CONCURRENCY: events(
    integer(16, { min: 1, max: 256 }),
    'events of one claim delivered in parallel (each of another aggregate)',
  ),
  RELAY_CLAIMERS: events(
    integer(2, { min: 1, max: 16 }),
    'claim loops per relay: claims in flight at once, each on a connection of its own',
  ),
  EVENT_MAX_ATTEMPTS: events(
    integer(5, { min: 1, max: 100 }),
    'handler attempts before an event is parked as a dead letter',
  ),
  EVENT_RETRY_BASE_MS: events(
    integer(200, { min: 1, max: 60_000 }),
    'delay before the first retry of a failed delivery or handler, doubling each attempt',
  ),
  EVENT_RETRY_MAX_MS: events(integer(30_000, { min: 1, max: 3_600_000 }), 'longest delay between two retries'),
  OUTBOX_RETENTION_HOURS: events(
    integer(24, { min: 1, max: 24 * 365 }),
    'how long delivered outbox rows are kept; undelivered ones are never pruned',
  ),
  INBOX_RETENTION_HOURS: events(
    integer(168, { min: 1, max: 24 * 365 }),
    'how long inbox marks are kept: a redelivery within it is recognised as a duplicate',
  ),
  LOG_LEVEL: server(
    oneOf(LOG_LEVELS),
    'one of `fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent`; JSON lines on stdout',
    {
      unset: '`info`; `silent` under `NODE_ENV=test`',
    },
  ),
  OTEL_SDK_DISABLED: tracing(flag(false), '`true` turns tracing off, whatever else is set'),
  OTEL_EXPORTER_OTLP_ENDPOINT: tracing(
    url(HTTP),
    'OTLP/HTTP collector (`http://collector:4318`): spans go to `<endpoint>/v1/traces`; setting it turns tracing on',
    { unset: 'tracing off, at no cost' },
  ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: tracing(
    url(HTTP),
    'the full URL spans are posted to, instead of the one derived from `OTEL_EXPORTER_OTLP_ENDPOINT`',
    { unset: 'derived from `OTEL_EXPORTER_OTLP_ENDPOINT`' },
  ),
  OTEL_EXPORTER_OTLP_PROTOCOL: tracing(
    withDefault(oneOf(OTLP_PROTOCOLS), 'http/protobuf'),
    '`http/protobuf` or `http/json` (gRPC is not shipped)',
  ),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: tracing(oneOf(OTLP_PROTOCOLS), 'the protocol for spans, instead of the above', {
    unset: '`OTEL_EXPORTER_OTLP_PROTOCOL`',
  }),
  OTEL_SERVICE_NAME: tracing(text(), 'the `service.name` of this process’s spans', {
    unset: '`tessera`; `tessera-<module>` in a process that hosts one module',
  }),
  OTEL_TRACES_SAMPLER: tracing(
    withDefault(oneOf(TRACE_SAMPLERS), 'parentbased_always_on'),
    'which traces are recorded: `always_on`, `always_off`, `traceidratio` or their `parentbased_` forms',
  ),
  OTEL_TRACES_SAMPLER_ARG: tracing(
    withDefault(ratio(), 1),
    'the ratio of traces the `traceidratio` samplers record, from 0 to 1',
  ),
  METRICS_TOKEN: server(text(), 'when set (≥ 16 characters), `/metrics` answers only `Authorization: Bearer <token>`', {
    unset: 'none: `/metrics` is open',
  }),
});

export type Environment = z.output<typeof ENVIRONMENT>;

/** The names of every single variable the configuration reads (the families aside). */
export const CONFIGURATION_VARIABLES: readonly string[] = Object.keys(ENVIRONMENT.shape);
/** The families of variables named after a module: its URL in another process, its own database. */
export const MODULE_VARIABLE_FAMILIES = {
  url: /^([A-Z][A-Z0-9]*)_URL$/,
  databaseUrl: /^([A-Z][A-Z0-9]*)_DATABASE_URL$/,
} as const;

/** What `docs/configuration.md` says about each family, under the name it shows. */
export const MODULE_VARIABLE_FAMILY_DOCUMENTATION: Record<
  keyof typeof MODULE_VARIABLE_FAMILIES,
  VariableDocumentation & { readonly name: string }
> = {
  url: {
    name: '<MODULE>_URL',
    group: 'topology',
    describe: 'base URL of a module another process hosts (`CATALOG_URL`): its facade calls and public routes go there',
    unset: 'hosted here, or not served (its routes 404)',
  },
  databaseUrl: {
    name: '<MODULE>_DATABASE_URL',
    group: 'database',
    describe: 'owner connection of a module’s own database (micro), e.g. `CATALOG_DATABASE_URL`',
    unset: 'the shared database',
  },
};
