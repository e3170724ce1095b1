import 'reflect-metadata';
import { type RunningTessera, type StartOptions, startTessera } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/shared/config/index.js';
import { createLogger } from '../../src/shared/observability/logger.js';
import { HttpClient } from './http-client.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_ADMIN = { email: 'admin@tessera.test', password: 'admin-password-1' };
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';
/** Every test client signs up from 127.0.0.1; the sign-up budget per address has its own tests. */
export const TEST_SIGN_UPS = { REGISTRATION_MAX_PER_ADDRESS: '100000' } as const;

export interface TestApp {
  readonly running: RunningTessera;
  readonly http: HttpClient;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

/** The whole application, in this process, on its own fresh database, listening on a free port. */
export interface TestAppOptions extends StartOptions {
  /** Where log lines go (e.g. to assert on them); by default nowhere unless TEST_LOG_LEVEL is set. */
  readonly logDestination?: NodeJS.WritableStream;
}

export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: database.url,
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    DB_POOL_SIZE: '4',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...TEST_SIGN_UPS,
    ...env,
  });
  const logger = createLogger(config.log.level, options.logDestination);
  const running = await startTessera(config, logger, options);
  return {
    running,
    http: new HttpClient(running.url),
    database,
    async close() {
      await running.stop();
      await database.drop();
    },
  };
}
