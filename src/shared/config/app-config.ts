import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { EnvReader } from './env-reader.js';

export type RuntimeEnvironment = 'development' | 'production' | 'test';
/** Delivery tuning shared by every relay and inbox of the process. */
export interface MessagingSettings {
  readonly relayPollIntervalMs: number;
  readonly relayBatchSize: number;
  readonly relayConcurrency: number;
  /** Claim loops per relay: batches in flight at once (each holds its own rows). */
  readonly relayClaimers: number;
  /** Handler attempts before an event is parked as a dead letter. */
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly outboxRetentionHours: number;
  readonly inboxRetentionHours: number;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Everything the process reads from its environment, validated once at boot.
 * Nothing else in the application reads `process.env` (the extract CLI's
 * `--to-env` reads the one variable it is told to).
 */
export interface AppConfig {
  readonly env: RuntimeEnvironment;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    /** `TRUST_PROXY`: which proxies' X-Forwarded-For to believe (client IPs for rate limits); off by default. */
    readonly trustProxy: false | number | string;
    /** `CORS_ORIGINS`: browser origins allowed to call the API (`*` for any); none by default (same origin only). */
    readonly corsOrigins: readonly string[] | '*';
  };
  readonly database: {
    /** An external server's owner connection; when absent an embedded PostgreSQL is started. */
    readonly url?: string;
    readonly dataDir: string;
    readonly embeddedPort: number;
    readonly poolSize: number;
    readonly migrateOnStart: boolean;
    readonly statementTimeoutMs: number;
    /** `<MODULE>_DATABASE_URL`: owner connections of modules moved to a database of their own (micro). */
    readonly moduleUrls: Readonly<Record<string, string>>;
  };
  /** Which modules this process hosts, and where the others are. */
  readonly topology: {
    /** `MODULES`; undefined means every module. */
    readonly modules?: readonly string[];
    /** `<MODULE>_URL`: base URLs of modules hosted by other processes. */
    readonly moduleUrls: Readonly<Record<string, string>>;
    /** The deployment's shared service secret; required once modules run in more than one process. */
    readonly serviceToken?: string;
    readonly remoteTimeoutMs: number;
    /** Time allowed for a proxied public request, which may itself call other modules. */
    readonly proxyTimeoutMs: number;
    readonly remoteRetries: number;
    readonly breakerFailureThreshold: number;
    readonly breakerResetMs: number;
  };
  readonly broker: {
    /** `BROKER_URL` (amqp://…): events between processes go through RabbitMQ; absent means in-process. */
    readonly url?: string;
    /** Prefix of the exchange and queue names, so several deployments can share one broker. */
    readonly namespace: string;
    readonly prefetch: number;
  };
  readonly auth: {
    /** Absent in development: a random secret is generated once and kept in the data folder. */
    readonly jwtSecret?: string;
    readonly tokenTtlSeconds: number;
    /** `REFRESH_TTL_SECONDS`: how long a refresh token lasts unless spent first. */
    readonly refreshTtlSeconds: number;
    /** `REFRESH_SESSION_MAX_SECONDS`: how long a session lasts from its sign-in, however often it is refreshed. */
    readonly refreshSessionMaxSeconds: number;
    readonly loginMaxFailures: number;
    readonly loginWindowSeconds: number;
    /** Sign-up attempts from one address per window before 429. */
    readonly registrationMaxPerAddress: number;
    readonly registrationWindowSeconds: number;
  };
  readonly admin?: { readonly email: string; readonly password: string };
  readonly messaging: MessagingSettings;
  readonly log: { readonly level: LogLevel };
  /** `METRICS_TOKEN`: when set, `/metrics` answers only `Authorization: Bearer <token>`. */
  readonly metrics: { readonly token?: string };
  /** `<X>_URL`/`<X>_DATABASE_URL` variables that name no module (see `LoadOptions.modules`), for a warning at start. */
  readonly ignoredVariables: readonly string[];
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
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
export function loadConfig(env: Record<string, string | undefined> = process.env, options: LoadOptions = {}): AppConfig {
  const read = new EnvReader(env);
  const ignoredVariables: string[] = [];
  /** Whether `name` (e.g. CATALOG_URL) is a module's variable; records it as ignored when it is not. */
  const forModule = (name: string, suffix: string): boolean => {
    if (options.modules === undefined || options.modules.includes(name.slice(0, -suffix.length).toLowerCase())) return true;
    ignoredVariables.push(name);
    return false;
  };
  const runtime = read.oneOf<RuntimeEnvironment>('NODE_ENV', ['development', 'production', 'test'], 'development');
  const production = runtime === 'production';

  const jwtSecret = read.string('JWT_SECRET');
  if (production && (jwtSecret === undefined || jwtSecret.length < MIN_PRODUCTION_SECRET_LENGTH)) {
    read.problem('JWT_SECRET', `set to at least ${MIN_PRODUCTION_SECRET_LENGTH} characters when NODE_ENV=production`);
  } else if (jwtSecret !== undefined && jwtSecret.length < 16) {
    read.problem('JWT_SECRET', 'at least 16 characters when set');
  }

  const adminEmail = read.string('ADMIN_EMAIL');
  const adminPassword = read.string('ADMIN_PASSWORD');
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    read.problem(adminEmail === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD', 'set together with the other of ADMIN_EMAIL and ADMIN_PASSWORD');
  }
  if (adminPassword !== undefined && adminPassword.length < 8) {
    read.problem('ADMIN_PASSWORD', 'at least 8 characters');
  }
  const serviceToken = read.string('SERVICE_TOKEN');
  if (serviceToken !== undefined && serviceToken.length < 32) {
    read.problem('SERVICE_TOKEN', 'at least 32 characters when set');
  }

  const config: AppConfig = {
    env: runtime,
    http: {
      host: read.string('HOST', production ? '0.0.0.0' : '127.0.0.1'),
      port: read.integer('PORT', 3000, { min: 0, max: 65535 }),
      bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 102_400, { min: 1_024, max: 10_485_760 }),
      trustProxy: trustProxySetting(read),
      corsOrigins: corsOriginsSetting(read),
    },
    database: {
      url: read.url('DATABASE_URL', ['postgres', 'postgresql']),
      dataDir: resolve(read.string('TESSERA_DATA_DIR', '.data')),
      embeddedPort: read.integer('EMBEDDED_PG_PORT', 54329, { min: 1024, max: 65535 }),
      poolSize: read.integer('DB_POOL_SIZE', 10, { min: 1, max: 200 }),
      migrateOnStart: read.boolean('DB_MIGRATE_ON_START', true),
      statementTimeoutMs: read.integer('DB_STATEMENT_TIMEOUT_MS', 15_000, { min: 100, max: 600_000 }),
      moduleUrls: read.matching(/^([A-Z][A-Z0-9]*)_DATABASE_URL$/, (name) => (forModule(name, '_DATABASE_URL') ? read.url(name, ['postgres', 'postgresql']) : undefined)),
    },
    topology: {
      modules: read.list('MODULES', /^[a-z][a-z0-9-]*$/, 'a comma-separated list of module names, e.g. "catalog" or "users,orders"'),
      moduleUrls: read.matching(/^([A-Z][A-Z0-9]*)_URL$/, (name) =>
        ['DATABASE_URL', 'BROKER_URL'].includes(name) || !forModule(name, '_URL') ? undefined : read.url(name, ['http', 'https']),
      ),
      serviceToken: read.string('SERVICE_TOKEN'),
      remoteTimeoutMs: read.integer('REMOTE_TIMEOUT_MS', 2_000, { min: 50, max: 60_000 }),
      proxyTimeoutMs: read.integer('PROXY_TIMEOUT_MS', 10_000, { min: 100, max: 300_000 }),
      remoteRetries: read.integer('REMOTE_RETRIES', 2, { min: 0, max: 10 }),
      breakerFailureThreshold: read.integer('BREAKER_FAILURE_THRESHOLD', 5, { min: 1, max: 1_000 }),
      breakerResetMs: read.integer('BREAKER_RESET_MS', 5_000, { min: 100, max: 600_000 }),
    },
    broker: {
      url: read.url('BROKER_URL', ['amqp', 'amqps']),
      namespace: read.list('BROKER_NAMESPACE', /^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, ".", "_" or "-"')?.[0] ?? 'tessera',
      prefetch: read.integer('BROKER_PREFETCH', 32, { min: 1, max: 10_000 }),
    },
    auth: {
      jwtSecret,
      tokenTtlSeconds: read.integer('JWT_TTL_SECONDS', 900, { min: 60, max: 86_400 }),
      refreshTtlSeconds: read.integer('REFRESH_TTL_SECONDS', 2_592_000, { min: 300, max: 31_536_000 }),
      refreshSessionMaxSeconds: read.integer('REFRESH_SESSION_MAX_SECONDS', 7_776_000, { min: 300, max: 31_536_000 }),
      loginMaxFailures: read.integer('LOGIN_MAX_FAILURES', 5, { min: 1, max: 1_000 }),
      loginWindowSeconds: read.integer('LOGIN_WINDOW_SECONDS', 900, { min: 1, max: 86_400 }),
      registrationMaxPerAddress: read.integer('REGISTRATION_MAX_PER_ADDRESS', 20, { min: 1, max: 1_000_000 }),
      registrationWindowSeconds: read.integer('REGISTRATION_WINDOW_SECONDS', 3_600, { min: 1, max: 86_400 }),
    },
    admin: adminEmail !== undefined && adminPassword !== undefined ? { email: adminEmail, password: adminPassword } : undefined,
    messaging: {
      relayPollIntervalMs: read.integer('RELAY_POLL_INTERVAL_MS', 1_000, { min: 10, max: 60_000 }),
      relayBatchSize: read.integer('RELAY_BATCH_SIZE', 100, { min: 1, max: 10_000 }),
      relayConcurrency: read.integer('RELAY_CONCURRENCY', 16, { min: 1, max: 256 }),
      relayClaimers: read.integer('RELAY_CLAIMERS', 2, { min: 1, max: 16 }),
      maxAttempts: read.integer('EVENT_MAX_ATTEMPTS', 5, { min: 1, max: 100 }),
      retryBaseMs: read.integer('EVENT_RETRY_BASE_MS', 200, { min: 1, max: 60_000 }),
      retryMaxMs: read.integer('EVENT_RETRY_MAX_MS', 30_000, { min: 1, max: 3_600_000 }),
      outboxRetentionHours: read.integer('OUTBOX_RETENTION_HOURS', 24, { min: 1, max: 24 * 365 }),
      inboxRetentionHours: read.integer('INBOX_RETENTION_HOURS', 168, { min: 1, max: 24 * 365 }),
    },
    log: { level: read.oneOf('LOG_LEVEL', LOG_LEVELS, runtime === 'test' ? 'silent' : 'info') },
    metrics: { token: read.string('METRICS_TOKEN') },
    ignoredVariables,
  };
  if (config.metrics.token !== undefined && config.metrics.token.length < 16) read.problem('METRICS_TOKEN', 'at least 16 characters when set');
  // Each relay claim holds one of its module's connections while its events are handled, and the handlers need more.
  if (config.database.poolSize <= config.messaging.relayClaimers) {
    read.problem('DB_POOL_SIZE', `larger than RELAY_CLAIMERS (${config.messaging.relayClaimers}): each relay claim holds a connection while its events are handled`);
  }
  read.assertValid();
  return config;
}

/**
 * `false`, a number of proxy hops, or a list of addresses, CIDRs or
 * `loopback`/`linklocal`/`uniquelocal`. Not `true`: that believes the
 * left-most X-Forwarded-For, which any client writes, so the sign-in throttle's
 * per-address budget could be dodged by sending a new address each time.
 */
function trustProxySetting(read: EnvReader): false | number | string {
  const value = read.string('TRUST_PROXY');
  if (value === undefined || value === 'false') return false;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  if (value.toLowerCase() === 'true' || !entries.every(isProxyAddress)) {
    read.problem('TRUST_PROXY', 'false, a number of proxy hops (e.g. 1) or the proxies\' addresses/CIDRs (or loopback, linklocal, uniquelocal), not true (which believes any client\'s X-Forwarded-For)');
    return false;
  }
  return entries.join(',');
}

const CORS_EXPECTS = 'a comma-separated list of origins such as https://shop.example.com (scheme, host and port only), or * for any origin';

function corsOriginsSetting(read: EnvReader): readonly string[] | '*' {
  const value = read.string('CORS_ORIGINS');
  if (value === undefined || value.trim() === '') return [];
  if (value.trim() === '*') return '*';
  const entries = value.split(',').map((entry) => entry.trim());
  const origins = entries.map(originOf);
  const bad = origins.indexOf(undefined);
  if (bad >= 0) {
    read.problem('CORS_ORIGINS', `${CORS_EXPECTS} (got "${entries[bad]}")`);
    return [];
  }
  return [...new Set(origins as string[])];
}

/** Only what a browser sends in `Origin`: scheme, then a host name, an IPv4 or a bracketed IPv6 address, then a port (no path, no `*`, no stray characters). */
const ORIGIN = /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?\/?$/i;

/** `https://Shop.example.com:443/` → `https://shop.example.com`, as a browser sends it; undefined when it is no origin. */
function originOf(entry: string): string | undefined {
  if (!ORIGIN.test(entry)) return undefined;
  try {
    const url = new URL(entry);
    return url.port === '0' ? undefined : url.origin;
  } catch {
    return undefined; // a port above 65535, say
  }
}

/** An address, a CIDR block or one of the names proxy-addr knows, as Fastify reads TRUST_PROXY. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}
