import { resolve } from 'node:path';
import { problemsOf } from '../../../test/support/config-problems.js';
import { ConfigError } from './config.error.js';
import { loadConfig, loadTracingConfig } from './load-config.js';

describe('loadConfig', () => {
  it('has working defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      env: 'development',
      http: {
        host: '127.0.0.1',
        port: 3000,
        bodyLimitBytes: 102_400,
        trustProxy: false,
        corsOrigins: [],
        webPages: true,
      },
      database: {
        url: undefined,
        dataDir: resolve('.data'),
        embeddedPort: 54329,
        poolSize: 10,
        migrateOnStart: true,
        statementTimeoutMs: 15_000,
        moduleUrls: {},
      },
      topology: {
        modules: undefined,
        moduleUrls: {},
        serviceToken: undefined,
        remoteTimeoutMs: 2_000,
        proxyTimeoutMs: 10_000,
        remoteRetries: 2,
        breakerFailureThreshold: 5,
        breakerResetMs: 5_000,
      },
      broker: { url: undefined, namespace: 'tessera', prefetch: 32, eventFormat: 'cloudevents' },
      auth: {
        jwtSecret: undefined,
        tokenTtlSeconds: 900,
        refreshTtlSeconds: 2_592_000,
        refreshSessionMaxSeconds: 7_776_000,
        loginMaxFailures: 5,
        loginWindowSeconds: 900,
        registrationMaxPerAddress: 20,
        registrationWindowSeconds: 3_600,
      },
      admin: undefined,
      messaging: {
        relayPollIntervalMs: 1_000,
        relayBatchSize: 100,
        relayConcurrency: 16,
        relayClaimers: 2,
        maxAttempts: 5,
        retryBaseMs: 200,
        retryMaxMs: 30_000,
        outboxRetentionHours: 24,
        inboxRetentionHours: 168,
      },
      log: { level: 'info' },
      tracing: {
        tracesUrl: undefined,
        protocol: 'http/protobuf',
        serviceName: 'tessera',
        sampler: 'parentbased_always_on',
        samplerRatio: 1,
      },
      metrics: { token: undefined },
      ignoredVariables: [],
    });
  });

  it("reads <X>_URL and <X>_DATABASE_URL only for the modules it is given, leaving a platform's REDIS_URL alone", () => {
    const config = loadConfig(
      {
        REDIS_URL: 'redis://cache:6379',
        SHADOW_DATABASE_URL: 'mysql://x',
        CATALOG_URL: 'http://catalog:3000',
        CATALOG_DATABASE_URL: 'postgres://o:p@db/catalog',
      },
      { modules: ['users', 'catalog', 'orders'] },
    );
    expect(config.topology.moduleUrls).toEqual({ catalog: 'http://catalog:3000' });
    expect(config.database.moduleUrls).toEqual({ catalog: 'postgres://o:p@db/catalog' });
    expect([...config.ignoredVariables].sort()).toEqual(['REDIS_URL', 'SHADOW_DATABASE_URL']);
    // A module's own variable is still validated.
    expect(() => loadConfig({ CATALOG_URL: 'ftp://x' }, { modules: ['catalog'] })).toThrow(
      /CATALOG_URL must be a URL starting with http/,
    );
  });

  it('reads the topology families <MODULE>_URL and <MODULE>_DATABASE_URL, and MODULES as a list', () => {
    const config = loadConfig({
      MODULES: 'users, orders',
      CATALOG_URL: 'http://catalog.internal:3000',
      CATALOG_DATABASE_URL: 'postgres://owner@db2/catalog',
      DATABASE_URL: 'postgres://owner@db1/shop',
      BROKER_URL: 'amqp://guest:guest@mq:5672',
    });
    expect(config.topology.modules).toEqual(['users', 'orders']);
    expect(config.topology.moduleUrls).toEqual({ catalog: 'http://catalog.internal:3000' });
    expect(config.database.moduleUrls).toEqual({ catalog: 'postgres://owner@db2/catalog' });
    expect(config.broker.url).toBe('amqp://guest:guest@mq:5672');
    expect(() => loadConfig({ CATALOG_URL: 'ftp://x' })).toThrow(
      /CATALOG_URL must be a URL starting with http:\/\/ or https:\/\//,
    );
    expect(() => loadConfig({ MODULES: 'Users;' })).toThrow(/MODULES must be a comma-separated list of module names/);
    expect(() => loadConfig({ SERVICE_TOKEN: 'short' })).toThrow(/SERVICE_TOKEN must be at least 32 characters/);
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ PORT: '  ', NODE_ENV: '' }).http.port).toBe(3000);
  });

  it('defaults the log level to silent under NODE_ENV=test', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).log.level).toBe('silent');
  });

  it('reads valid values', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '10.1.2.3',
      DATABASE_URL: 'postgresql://u:p@db:5432/shop',
      DB_POOL_SIZE: '25',
      DB_MIGRATE_ON_START: 'no',
      LOG_LEVEL: 'debug',
      JWT_SECRET: 'sixteen-chars-ok',
      JWT_TTL_SECONDS: '120',
      REFRESH_TTL_SECONDS: '3600',
      REFRESH_SESSION_MAX_SECONDS: '86400',
      LOGIN_MAX_FAILURES: '3',
      LOGIN_WINDOW_SECONDS: '60',
      REGISTRATION_MAX_PER_ADDRESS: '50',
      REGISTRATION_WINDOW_SECONDS: '600',
      TESSERA_DATA_DIR: '/var/lib/tessera',
      ADMIN_EMAIL: 'root@example.com',
      ADMIN_PASSWORD: 'longenough',
    });
    expect(config.http).toMatchObject({ port: 8080, host: '10.1.2.3' });
    expect(config.database).toMatchObject({
      url: 'postgresql://u:p@db:5432/shop',
      poolSize: 25,
      migrateOnStart: false,
      dataDir: '/var/lib/tessera',
    });
    expect(config.auth).toEqual({
      jwtSecret: 'sixteen-chars-ok',
      tokenTtlSeconds: 120,
      refreshTtlSeconds: 3_600,
      refreshSessionMaxSeconds: 86_400,
      loginMaxFailures: 3,
      loginWindowSeconds: 60,
      registrationMaxPerAddress: 50,
      registrationWindowSeconds: 600,
    });
    expect(config.admin).toEqual({ email: 'root@example.com', password: 'longenough' });
    expect(config.log.level).toBe('debug');
  });

  it.each([
    ['true', true],
    ['1', true],
    ['YES', true],
    ['on', true],
    ['false', false],
    ['0', false],
    ['Off', false],
  ])('reads DB_MIGRATE_ON_START=%s as %s', (raw, expected) => {
    expect(loadConfig({ DB_MIGRATE_ON_START: raw }).database.migrateOnStart).toBe(expected);
  });

  it.each([
    ['PORT', 'abc', 'PORT must be an integer from 0 to 65535 (got "abc")'],
    ['PORT', '70000', 'PORT must be an integer from 0 to 65535 (got "70000")'],
    ['PORT', '80.5', 'PORT must be an integer from 0 to 65535 (got "80.5")'],
    ['DB_POOL_SIZE', '0', 'DB_POOL_SIZE must be an integer from 1 to 200 (got "0")'],
    ['DB_MIGRATE_ON_START', 'maybe', 'DB_MIGRATE_ON_START must be "true" or "false" (got "maybe")'],
    [
      'DATABASE_URL',
      'mysql://x',
      'DATABASE_URL must be a URL starting with postgres:// or postgresql:// (got "mysql://x")',
    ],
    [
      'DATABASE_URL',
      'not a url',
      'DATABASE_URL must be a URL starting with postgres:// or postgresql:// (got "(unparseable)")',
    ],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    ['NODE_ENV', 'staging', 'NODE_ENV must be one of development, production, test (got "staging")'],
  ])('reports %s=%s as one problem line naming the variable', (name, value, line) => {
    expect(problemsOf({ [name]: value })).toEqual([line]);
  });

  it('refuses a pool no larger than the relay claimers, which could deadlock two modules delivering to each other', () => {
    expect(problemsOf({ DB_POOL_SIZE: '2' })).toEqual([
      'DB_POOL_SIZE must be larger than RELAY_CLAIMERS (2): each relay claim holds a connection while its events are handled',
    ]);
    expect(loadConfig({ DB_POOL_SIZE: '2', RELAY_CLAIMERS: '1' }).database.poolSize).toBe(2);
  });

  it('masks the password of a rejected URL', () => {
    const [line] = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/shop' });
    expect(line).toContain('DATABASE_URL');
    expect(line).not.toContain('hunter2');
    expect(line).toContain('mysql://root:***@db/shop');
  });

  it('reports every bad variable at once, in one error', () => {
    const problems = problemsOf({
      PORT: 'abc',
      DB_POOL_SIZE: '0',
      DB_MIGRATE_ON_START: 'maybe',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
    });
    expect(problems).toHaveLength(5);
    for (const name of ['PORT', 'DB_POOL_SIZE', 'DB_MIGRATE_ON_START', 'DATABASE_URL', 'LOG_LEVEL']) {
      expect(problems.filter((line) => line.startsWith(`${name} must be`))).toHaveLength(1);
    }
  });

  it('puts one problem per line in the error message', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).name).toBe('ConfigError');
    expect((caught as ConfigError).message.split('\n')).toEqual((caught as ConfigError).problems);
  });

  describe('tracing (the standard OTEL_* variables)', () => {
    it('is on once an OTLP endpoint is set, posting to its /v1/traces, unless the SDK is disabled', () => {
      const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' };
      expect(loadConfig(endpoint).tracing.tracesUrl).toBe('http://collector:4318/v1/traces');
      expect(
        loadConfig({ ...endpoint, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://other:4318/spans' }).tracing.tracesUrl,
      ).toBe('http://other:4318/spans');
      expect(loadConfig({ ...endpoint, OTEL_SDK_DISABLED: 'true' }).tracing.tracesUrl).toBeUndefined();
    });

    it('names the service after the one module a process hosts, unless OTEL_SERVICE_NAME says otherwise', () => {
      expect(loadConfig({ MODULES: 'catalog' }).tracing.serviceName).toBe('tessera-catalog');
      expect(loadConfig({ MODULES: 'users,orders' }).tracing.serviceName).toBe('tessera');
      expect(loadConfig({ MODULES: 'catalog', OTEL_SERVICE_NAME: 'shop-catalog' }).tracing.serviceName).toBe(
        'shop-catalog',
      );
    });

    it('takes the traces protocol over the general one, and the sampler with its ratio', () => {
      const tracing = loadConfig({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }).tracing;
      expect(tracing).toMatchObject({ protocol: 'http/json', sampler: 'parentbased_traceidratio', samplerRatio: 0.25 });
    });

    it('refuses gRPC (not shipped), an unknown sampler and a ratio outside 0..1', () => {
      const problems = problemsOf({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_TRACES_SAMPLER: 'sometimes',
        OTEL_TRACES_SAMPLER_ARG: '1.5',
      });
      expect(problems).toEqual([
        'OTEL_EXPORTER_OTLP_PROTOCOL must be one of http/protobuf, http/json (got "grpc")',
        expect.stringMatching(/^OTEL_TRACES_SAMPLER must be one of always_on, .* \(got "sometimes"\)$/),
        'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (got "1.5")',
      ]);
    });

    it('is read alone before the application loads, and off when any of it is invalid (loadConfig then refuses)', () => {
      expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', MODULES: 'orders' })).toEqual(
        loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', MODULES: 'orders' }).tracing,
      );
      expect(
        loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_SAMPLER_ARG: 'x' }),
      ).toBeUndefined();
    });
  });
});
