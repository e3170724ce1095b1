import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { TESSERA_MODULES } from './module-registry.js';
import { resolveTopology, type Topology } from './topology.js';
import type { AppConfig } from './shared/config/index.js';
import {
  type DatabaseRuntime,
  type DatabaseServer,
  EmbeddedDatabase,
  ExternalDatabase,
} from './shared/database/index.js';
import { localSecret } from './shared/database/embedded/local-secrets.js';
import { createFastifyAdapter, setUpOpenApi } from './shared/http/index.js';
import { APP_VERSION } from './shared/http/openapi/app-version.js';
import { APP_ROOT } from './shared/config/app-root.js';
import { serveWebPages } from './web/web-pages.js';
import { Metrics, NestLoggerAdapter } from './shared/observability/index.js';

export interface RunningTessera {
  readonly app: NestFastifyApplication;
  /** The base URL the API answers on, e.g. http://127.0.0.1:3000 */
  readonly url: string;
  /** The shared server; undefined when every hosted module has a database of its own. */
  readonly database?: DatabaseServer;
  /** Undefined when the caller chose the modules itself (module tests). */
  readonly topology?: Topology;
  /** Whether it serves the storefront and the console (WEB_PAGES, a process serving the whole API, a build). */
  readonly pages: boolean;
  /** Stops taking requests, lets in-flight work finish, closes pools, then stops an embedded database. */
  stop(): Promise<void>;
}

/**
 * The shared database server for this configuration: external when
 * DATABASE_URL is set, embedded otherwise; none at all when every hosted module
 * has a database of its own (`<MODULE>_DATABASE_URL`).
 */
export async function startDatabaseServer(
  config: AppConfig,
  logger: Logger,
  schemas?: readonly string[],
): Promise<DatabaseServer | undefined> {
  if (schemas !== undefined && schemas.every((schema) => config.database.moduleUrls[schema] !== undefined))
    return undefined;
  if (config.database.url) return new ExternalDatabase(config.database.url);
  return EmbeddedDatabase.start({ dataDir: config.database.dataDir, port: config.database.embeddedPort, logger });
}

/** Each module's owner connection: its own database in micro, else the shared server. */
export function databaseRuntime(config: AppConfig, server: DatabaseServer | undefined): DatabaseRuntime {
  return {
    poolSize: config.database.poolSize,
    statementTimeoutMs: config.database.statementTimeoutMs,
    migrateOnStart: config.database.migrateOnStart,
    adminUrlFor: (schema) => {
      const url = config.database.moduleUrls[schema] ?? server?.adminUrl;
      if (!url)
        throw new Error(`no database for module ${schema}: set DATABASE_URL or ${schema.toUpperCase()}_DATABASE_URL`);
      return url;
    },
  };
}

export interface StartOptions {
  /** Defaults to every module; module tests pass one module and stand-ins for the facades it needs. */
  readonly modules?: DynamicModule[];
  /** Already resolved by the caller (main.ts validates it before anything starts). */
  readonly topology?: Topology;
  /** What the given `modules` consume (module → event types), for their broker queues; defaults to Tessera's modules. */
  readonly consumers?: Readonly<Record<string, readonly string[]>>;
}

/** Starts Tessera: database, modules (with migrations), HTTP. Used by `main.ts` and by the tests. */
export async function startTessera(
  config: AppConfig,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningTessera> {
  const topology = options.modules ? undefined : (options.topology ?? resolveTopology(config));
  const server = await startDatabaseServer(
    config,
    logger,
    topology?.hosted.map((module) => module.database.schema),
  );
  try {
    const jwtSecret = config.auth.jwtSecret ?? (await localSecret(config.database.dataDir, 'jwtSecret'));
    const metrics = new Metrics();
    const modules = options.modules ?? [
      ...topology!.hosted.map((module) => module.forRoot()),
      ...topology!.remote.map(({ module, url }) => module.forRemote(url)),
    ];
    const broker = config.broker.url
      ? {
          url: config.broker.url,
          namespace: config.broker.namespace,
          prefetch: config.broker.prefetch,
          eventFormat: config.broker.eventFormat,
          consumers:
            options.consumers ??
            Object.fromEntries(TESSERA_MODULES.map((module) => [module.name, module.definition.consumes])),
        }
      : undefined;
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot({
        config,
        logger,
        database: databaseRuntime(config, server),
        jwtSecret,
        metrics,
        modules,
        broker,
        processName: topology?.processName ?? 'tessera',
      }),
      createFastifyAdapter({
        bodyLimitBytes: config.http.bodyLimitBytes,
        trustProxy: config.http.trustProxy,
        corsOrigins: config.http.corsOrigins,
        logger,
        metrics,
      }),
      { logger: new NestLoggerAdapter(logger), abortOnError: false },
    );
    setUpOpenApi(
      app,
      APP_VERSION,
      topology?.remote.map(({ module, url }) => ({
        module: module.name,
        url,
        publicPrefixes: module.definition.publicRoutes,
      })) ?? [],
    );
    // Pages only where the whole API answers: an extracted module's own process serves its routes alone.
    const pages =
      config.http.webPages &&
      topology !== undefined &&
      topology.unreachable.length === 0 &&
      serveWebPages(app.getHttpAdapter().getInstance(), APP_ROOT, logger);
    await app.listen({ port: config.http.port, host: config.http.host });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address !== null ? address.port : config.http.port;
    const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
    return {
      app,
      url: `http://${host}:${port}`,
      database: server,
      topology,
      pages,
      async stop() {
        try {
          await app.close();
        } finally {
          await server?.stop();
        }
      },
    };
  } catch (error) {
    await server?.stop();
    throw error;
  }
}
