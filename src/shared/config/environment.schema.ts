import { z } from 'zod';
import type { LogLevel, RuntimeEnvironment } from './app-config.js';
import { corsOrigins, trustProxy } from './http-settings.js';
import { flag, integer, list, oneOf, text, url, withDefault } from './variable.js';

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export const POSTGRES = ['postgres', 'postgresql'];
export const HTTP = ['http', 'https'];

/**
 * Every variable Tessera reads, by name, with its rules and default (zod); the
 * `<MODULE>_URL` and `<MODULE>_DATABASE_URL` families are read beside it.
 * `docs/configuration.md` describes each one.
 */
export const ENVIRONMENT = z.object({
  NODE_ENV: withDefault(oneOf<RuntimeEnvironment>(['development', 'production', 'test']), 'development'),
  HOST: text(),
  PORT: integer(3000, { min: 0, max: 65535 }),
  BODY_LIMIT_BYTES: integer(102_400, { min: 1_024, max: 10_485_760 }),
  TRUST_PROXY: withDefault(trustProxy(), false),
  CORS_ORIGINS: withDefault(corsOrigins(), []),
  DATABASE_URL: url(POSTGRES),
  TESSERA_DATA_DIR: withDefault(text(), '.data'),
  EMBEDDED_PG_PORT: integer(54329, { min: 1024, max: 65535 }),
  DB_POOL_SIZE: integer(10, { min: 1, max: 200 }),
  DB_MIGRATE_ON_START: flag(true),
  DB_STATEMENT_TIMEOUT_MS: integer(15_000, { min: 100, max: 600_000 }),
  MODULES: list(/^[a-z][a-z0-9-]*$/, 'a comma-separated list of module names, e.g. "catalog" or "users,orders"'),
  SERVICE_TOKEN: text(),
  REMOTE_TIMEOUT_MS: integer(2_000, { min: 50, max: 60_000 }),
  PROXY_TIMEOUT_MS: integer(10_000, { min: 100, max: 300_000 }),
  REMOTE_RETRIES: integer(2, { min: 0, max: 10 }),
  BREAKER_FAILURE_THRESHOLD: integer(5, { min: 1, max: 1_000 }),
  BREAKER_RESET_MS: integer(5_000, { min: 100, max: 600_000 }),
  BROKER_URL: url(['amqp', 'amqps']),
  BROKER_NAMESPACE: withDefault(list(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, ".", "_" or "-"'), [
    'tessera',
  ]),
  BROKER_PREFETCH: integer(32, { min: 1, max: 10_000 }),
  JWT_SECRET: text(),
  JWT_TTL_SECONDS: integer(900, { min: 60, max: 86_400 }),
  REFRESH_TTL_SECONDS: integer(2_592_000, { min: 300, max: 31_536_000 }),
  REFRESH_SESSION_MAX_SECONDS: integer(7_776_000, { min: 300, max: 31_536_000 }),
  LOGIN_MAX_FAILURES: integer(5, { min: 1, max: 1_000 }),
  LOGIN_WINDOW_SECONDS: integer(900, { min: 1, max: 86_400 }),
  REGISTRATION_MAX_PER_ADDRESS: integer(20, { min: 1, max: 1_000_000 }),
  REGISTRATION_WINDOW_SECONDS: integer(3_600, { min: 1, max: 86_400 }),
  ADMIN_EMAIL: text(),
  ADMIN_PASSWORD: text(),
  RELAY_POLL_INTERVAL_MS: integer(1_000, { min: 10, max: 60_000 }),
  RELAY_BATCH_SIZE: integer(100, { min: 1, max: 10_000 }),
  RELAY_CONCURRENCY: integer(16, { min: 1, max: 256 }),
  RELAY_CLAIMERS: integer(2, { min: 1, max: 16 }),
  EVENT_MAX_ATTEMPTS: integer(5, { min: 1, max: 100 }),
  EVENT_RETRY_BASE_MS: integer(200, { min: 1, max: 60_000 }),
  EVENT_RETRY_MAX_MS: integer(30_000, { min: 1, max: 3_600_000 }),
  OUTBOX_RETENTION_HOURS: integer(24, { min: 1, max: 24 * 365 }),
  INBOX_RETENTION_HOURS: integer(168, { min: 1, max: 24 * 365 }),
  LOG_LEVEL: oneOf(LOG_LEVELS),
  METRICS_TOKEN: text(),
});

export type Environment = z.output<typeof ENVIRONMENT>;

/** The names of every single variable the configuration reads (the families aside). */
export const CONFIGURATION_VARIABLES: readonly string[] = Object.keys(ENVIRONMENT.shape);
/** The families of variables named after a module: its URL in another process, its own database. */
export const MODULE_VARIABLE_FAMILIES = {
  url: /^([A-Z][A-Z0-9]*)_URL$/,
  databaseUrl: /^([A-Z][A-Z0-9]*)_DATABASE_URL$/,
} as const;
