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
    /** `WEB_PAGES`: the storefront and the console, served by a process that serves the whole API. */
    readonly webPages: boolean;
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
    /** `BROKER_EVENT_FORMAT`: what events are published as; both are read. */
    readonly eventFormat: 'cloudevents' | 'envelope';
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
  readonly tracing: TracingConfig;
  /** `METRICS_TOKEN`: when set, `/metrics` answers only `Authorization: Bearer <token>`. */
  readonly metrics: { readonly token?: string };
  /** `<X>_URL`/`<X>_DATABASE_URL` variables that name no module (see `LoadOptions.modules`), for a warning at start. */
  readonly ignoredVariables: readonly string[];
}

/** OpenTelemetry tracing, from the standard `OTEL_*` variables. */
export interface TracingConfig {
  /** Where spans are posted (OTLP over HTTP); undefined when tracing is off. */
  readonly tracesUrl?: string;
  readonly protocol: 'http/protobuf' | 'http/json';
  readonly serviceName: string;
  readonly sampler: TraceSampler;
  /** The ratio of the `traceidratio` samplers. */
  readonly samplerRatio: number;
}

export type TraceSampler =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';
