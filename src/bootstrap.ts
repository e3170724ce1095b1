import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { TESSERA_MODULES } from './module-registry.js';
import type { AppConfig } from './shared/config/index.js';
import { type DatabaseServer, EmbeddedDatabase, ExternalDatabase, singleServerRuntime } from './shared/database/index.js';
import { localSecret } from './shared/database/local-secrets.js';
import { createFastifyAdapter, setUpOpenApi } from './shared/http/index.js';
import { APP_VERSION } from './shared/kernel/app-version.js';
import { Metrics, NestLoggerAdapter } from './shared/observability/index.js';

export interface RunningTessera {
  readonly app: NestFastifyApplication;
  /** The base URL the API answers on, e.g. http://127.0.0.1:3000 */
  readonly url: string;
  readonly database: DatabaseServer;
  /** Stops taking requests, lets in-flight work finish, closes pools, then stops an embedded database. */
  stop(): Promise<void>;
}

/** The database server for this configuration: external when DATABASE_URL is set, embedded otherwise. */
export async function startDatabaseServer(config: AppConfig, logger: Logger): Promise<DatabaseServer> {
  if (config.database.url) return new ExternalDatabase(config.database.url);
  return EmbeddedDatabase.start({ dataDir: config.database.dataDir, port: config.database.embeddedPort, logger });
}

export interface StartOptions {
  /** Defaults to every module; module tests pass one module and stand-ins for the facades it needs. */
  readonly modules?: DynamicModule[];
}

/** Starts Tessera: database, modules (with migrations), HTTP. Used by `main.ts` and by the tests. */
export async function startTessera(config: AppConfig, logger: Logger, options: StartOptions = {}): Promise<RunningTessera> {
  const database = await startDatabaseServer(config, logger);
  try {
    const jwtSecret = config.auth.jwtSecret ?? (await localSecret(config.database.dataDir, 'jwtSecret'));
    const runtime = singleServerRuntime(database.adminUrl, {
      poolSize: config.database.poolSize,
      statementTimeoutMs: config.database.statementTimeoutMs,
      migrateOnStart: config.database.migrateOnStart,
    });
    const metrics = new Metrics();
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot({ config, logger, database: runtime, jwtSecret, metrics, modules: options.modules ?? TESSERA_MODULES.map((module) => module.forRoot()) }),
      createFastifyAdapter({ bodyLimitBytes: config.http.bodyLimitBytes, logger, metrics }),
      { logger: new NestLoggerAdapter(logger), abortOnError: false },
    );
    setUpOpenApi(app, APP_VERSION);
    await app.listen({ port: config.http.port, host: config.http.host });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address !== null ? address.port : config.http.port;
    const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? 'localhost' : config.http.host;
    return {
      app,
      url: `http://${host}:${port}`,
      database,
      async stop() {
        try {
          await app.close();
        } finally {
          await database.stop();
        }
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}
