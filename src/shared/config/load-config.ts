import { resolve } from 'node:path';
import type { AppConfig, TracingConfig } from './app-config.js';
import { ConfigError } from './config.error.js';
import {
  ENVIRONMENT,
  type Environment,
  HTTP,
  MIN_SERVICE_TOKEN_LENGTH,
  MODULE_VARIABLE_FAMILIES,
  POSTGRES,
} from './environment/environment.schema.js';
import { parseUrl, Refused } from './environment/variable.js';

const MIN_PRODUCTION_SECRET_LENGTH = 32;

export interface LoadOptions {
  /**
   * The modules of the code base. When given, `<X>_URL` and `<X>_DATABASE_URL`
   * are read only for these names; others (`REDIS_URL`, a platform's
   * `SENTRY_URL`) are left alone and listed in `ignoredVariables`.
   */
  readonly modules?: readonly string[];
}

/** Reads and validates the environment; throws `ConfigError` naming every bad variable. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  options: LoadOptions = {},
): AppConfig {
  const problems: string[] = [];
  // Field by field, so a bad value is reported and its default stands in: the rules across variables still run.
  const read: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(ENVIRONMENT.shape)) {
    const parsed = schema.safeParse(env[name]);
    if (parsed.success) read[name] = parsed.data;
    else {
      problems.push(...parsed.error.issues.map((issue) => `${name} must be ${issue.message}`));
      read[name] = schema.parse(undefined);
    }
  }
  const values = read as Environment;
  const families = moduleVariables(env, options, problems);
  problems.push(...crossVariableProblems(values));
  if (problems.length > 0) throw new ConfigError(problems);
  return toConfig(values, families);
}

/** The variables tracing reads (and the modules, which name the service). */
const TRACING_VARIABLES = [
  'MODULES',
  'OTEL_SDK_DISABLED',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  'OTEL_SERVICE_NAME',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
] as const satisfies readonly (keyof Environment)[];

/**
 * Tracing's part of the configuration alone, read before anything else loads (its instrumentations patch only what
 * is loaded after them). Undefined when any of it is invalid: `loadConfig` reports that a moment later.
 */
export function loadTracingConfig(env: Record<string, string | undefined>): TracingConfig | undefined {
  const read: Record<string, unknown> = {};
  for (const name of TRACING_VARIABLES) {
    const parsed = ENVIRONMENT.shape[name].safeParse(env[name]);
    if (!parsed.success) return undefined;
    read[name] = parsed.data;
  }
  return tracingConfig(read as Environment);
}

function tracingConfig(values: Environment): TracingConfig {
  const endpoint = values.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
  const tracesUrl = values.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (endpoint && `${endpoint}/v1/traces`);
  const only = values.MODULES?.length === 1 ? values.MODULES[0] : undefined;
  return {
    tracesUrl: values.OTEL_SDK_DISABLED ? undefined : tracesUrl,
    protocol: values.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? values.OTEL_EXPORTER_OTLP_PROTOCOL,
    serviceName: values.OTEL_SERVICE_NAME ?? (only ? `tessera-${only}` : 'tessera'),
    sampler: values.OTEL_TRACES_SAMPLER,
    samplerRatio: values.OTEL_TRACES_SAMPLER_ARG,
  };
}

/** Rules that span variables, or hold only when a variable is set. */
function crossVariableProblems(values: Environment): string[] {
  const problems: string[] = [];
  const { JWT_SECRET: jwtSecret, ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword } = values;
  if (
    values.NODE_ENV === 'production' &&
    (jwtSecret === undefined || jwtSecret.length < MIN_PRODUCTION_SECRET_LENGTH)
  ) {
    problems.push(
      `JWT_SECRET must be set to at least ${MIN_PRODUCTION_SECRET_LENGTH} characters when NODE_ENV=production`,
    );
  } else if (jwtSecret !== undefined && jwtSecret.length < 16) {
    problems.push('JWT_SECRET must be at least 16 characters when set');
  }
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    problems.push(
      `${adminEmail === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'} must be set together with the other of ADMIN_EMAIL and ADMIN_PASSWORD`,
    );
  }
  if (adminPassword !== undefined && adminPassword.length < 8)
    problems.push('ADMIN_PASSWORD must be at least 8 characters');
  if (values.SERVICE_TOKEN !== undefined && values.SERVICE_TOKEN.length < MIN_SERVICE_TOKEN_LENGTH)
    problems.push(`SERVICE_TOKEN must be at least ${MIN_SERVICE_TOKEN_LENGTH} characters when set`);
  if (values.METRICS_TOKEN !== undefined && values.METRICS_TOKEN.length < 16)
    problems.push('METRICS_TOKEN must be at least 16 characters when set');
  // Each relay claim holds one of its module's connections while its events are handled, and the handlers need more.
  if (values.DB_POOL_SIZE <= values.RELAY_CLAIMERS) {
    problems.push(
      `DB_POOL_SIZE must be larger than RELAY_CLAIMERS (${values.RELAY_CLAIMERS}): each relay claim holds a connection while its events are handled`,
    );
  }
  return problems;
}

interface ModuleVariables {
  readonly moduleUrls: Record<string, string>;
  readonly databaseUrls: Record<string, string>;
  readonly ignored: string[];
}

/** `<MODULE>_URL` (http) and `<MODULE>_DATABASE_URL` (postgres), keyed by module name; others are ignored. */
function moduleVariables(
  env: Record<string, string | undefined>,
  options: LoadOptions,
  problems: string[],
): ModuleVariables {
  const found: ModuleVariables = { moduleUrls: {}, databaseUrls: {}, ignored: [] };
  for (const name of Object.keys(env).sort()) {
    const value = env[name]?.trim();
    if (!value || name === 'DATABASE_URL' || name === 'BROKER_URL') continue;
    const database = MODULE_VARIABLE_FAMILIES.databaseUrl.exec(name);
    const match = database ?? MODULE_VARIABLE_FAMILIES.url.exec(name);
    if (!match) continue;
    const module = match[1].toLowerCase();
    if (options.modules !== undefined && !options.modules.includes(module)) {
      found.ignored.push(name);
      continue;
    }
    try {
      (database ? found.databaseUrls : found.moduleUrls)[module] = parseUrl(value, database ? POSTGRES : HTTP);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      problems.push(`${name} must be ${error.message}`);
    }
  }
  return found;
}

function toConfig(values: Environment, families: ModuleVariables): AppConfig {
  const production = values.NODE_ENV === 'production';
  return {
    env: values.NODE_ENV,
    http: {
      host: values.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
      port: values.PORT,
      bodyLimitBytes: values.BODY_LIMIT_BYTES,
      trustProxy: values.TRUST_PROXY,
      corsOrigins: values.CORS_ORIGINS,
      webPages: values.WEB_PAGES,
    },
    database: {
      url: values.DATABASE_URL,
      dataDir: resolve(values.TESSERA_DATA_DIR),
      embeddedPort: values.EMBEDDED_PG_PORT,
      poolSize: values.DB_POOL_SIZE,
      migrateOnStart: values.DB_MIGRATE_ON_START,
      statementTimeoutMs: values.DB_STATEMENT_TIMEOUT_MS,
      moduleUrls: families.databaseUrls,
    },
    topology: {
      modules: values.MODULES,
      moduleUrls: families.moduleUrls,
      serviceToken: values.SERVICE_TOKEN,
      remoteTimeoutMs: values.REMOTE_TIMEOUT_MS,
      proxyTimeoutMs: values.PROXY_TIMEOUT_MS,
      remoteRetries: values.REMOTE_RETRIES,
      breakerFailureThreshold: values.BREAKER_FAILURE_THRESHOLD,
      breakerResetMs: values.BREAKER_RESET_MS,
    },
    broker: {
      url: values.BROKER_URL,
      namespace: values.BROKER_NAMESPACE[0],
      prefetch: values.BROKER_PREFETCH,
      eventFormat: values.BROKER_EVENT_FORMAT,
    },
    auth: {
      jwtSecret: values.JWT_SECRET,
      tokenTtlSeconds: values.JWT_TTL_SECONDS,
      refreshTtlSeconds: values.REFRESH_TTL_SECONDS,
      refreshSessionMaxSeconds: values.REFRESH_SESSION_MAX_SECONDS,
      loginMaxFailures: values.LOGIN_MAX_FAILURES,
      loginWindowSeconds: values.LOGIN_WINDOW_SECONDS,
      registrationMaxPerAddress: values.REGISTRATION_MAX_PER_ADDRESS,
      registrationWindowSeconds: values.REGISTRATION_WINDOW_SECONDS,
    },
    admin:
      values.ADMIN_EMAIL !== undefined && values.ADMIN_PASSWORD !== undefined
        ? { email: values.ADMIN_EMAIL, password: values.ADMIN_PASSWORD }
        : undefined,
    messaging: {
      relayPollIntervalMs: values.RELAY_POLL_INTERVAL_MS,
      relayBatchSize: values.RELAY_BATCH_SIZE,
      relayConcurrency: values.RELAY_CONCURRENCY,
      relayClaimers: values.RELAY_CLAIMERS,
      maxAttempts: values.EVENT_MAX_ATTEMPTS,
      retryBaseMs: values.EVENT_RETRY_BASE_MS,
      retryMaxMs: values.EVENT_RETRY_MAX_MS,
      outboxRetentionHours: values.OUTBOX_RETENTION_HOURS,
      inboxRetentionHours: values.INBOX_RETENTION_HOURS,
    },
    log: { level: values.LOG_LEVEL ?? (values.NODE_ENV === 'test' ? 'silent' : 'info') },
    tracing: tracingConfig(values),
    metrics: { token: values.METRICS_TOKEN },
    ignoredVariables: families.ignored,
  };
}
