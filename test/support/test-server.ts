import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { EmbeddedDatabase } from '../../src/shared/database/embedded/embedded-database.js';
import { freePort } from './free-port.js';

export interface TestServer {
  readonly adminUrl: string;
  stop(): Promise<void>;
}

/** DATABASE_URL when given (e.g. CI's PostgreSQL), else a throw-away embedded cluster. */
export async function startTestServer(): Promise<TestServer> {
  const external = process.env.DATABASE_URL;
  if (external) return { adminUrl: external, stop: async () => undefined };
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-test-'));
  await chmod(dataDir, 0o755); // the cluster runs as the `postgres` OS user when we are root
  const database = await EmbeddedDatabase.start({
    dataDir,
    port: await freePort(),
    logger: pino({ level: 'warn' }),
    // Durability buys nothing in a cluster that is deleted after the run.
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '500' },
  });
  return {
    adminUrl: database.adminUrl,
    async stop() {
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
