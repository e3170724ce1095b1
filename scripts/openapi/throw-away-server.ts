import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { EmbeddedDatabase } from '../../src/shared/database/embedded/embedded-database.js';

export interface ThrowAwayServer {
  readonly adminUrl: string;
  stop(): Promise<void>;
}

/** DATABASE_URL when given, else an embedded cluster in a temporary folder, deleted on stop. */
export async function startThrowAwayServer(): Promise<ThrowAwayServer> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => undefined };
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-openapi-'));
  await chmod(dataDir, 0o755); // the cluster runs as the `postgres` OS user when we are root
  const database = await EmbeddedDatabase.start({
    dataDir,
    port: 55000 + Math.floor(Math.random() * 900),
    logger: pino({ level: 'warn' }),
  });
  return {
    adminUrl: database.adminUrl,
    async stop() {
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
