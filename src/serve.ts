import 'reflect-metadata';
import { startTessera } from './bootstrap.js';
import { TESSERA_MODULES } from './module-registry.js';
import { resolveTopology } from './topology.js';
import { ConfigError, loadConfig } from './shared/config/index.js';
import { createLogger } from './shared/observability/index.js';
import type { Tracing } from './shared/observability/tracing/start-tracing.js';

/**
 * `npm start`, once tracing is up (main.ts): validate configuration, start
 * everything, print where to find it, and shut down cleanly on SIGINT/SIGTERM
 * (a second signal forces exit), exporting the last spans on the way out.
 */
export async function serve(tracing: Tracing): Promise<void> {
  let config;
  let topology;
  try {
    config = loadConfig(process.env, { modules: TESSERA_MODULES.map((module) => module.name) });
    topology = resolveTopology(config); // MODULES, <MODULE>_URL, BROKER_URL…: refused here with the same one-line messages
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`tessera: invalid configuration: ${problem}\n`);
    process.exit(78); // EX_CONFIG
  }
  const logger = createLogger(config.log.level);
  for (const name of config.ignoredVariables)
    logger.warn(
      { variable: name },
      `${name} is ignored: it names no module of this build (${TESSERA_MODULES.map((module) => module.name).join(', ')})`,
    );
  const running = await startTessera(config, logger, { topology }).catch((error: unknown) => {
    logger.fatal({ err: error }, 'Tessera failed to start');
    process.stderr.write(`tessera: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting immediately');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running
      .stop()
      .then(() => tracing.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const database =
    running.database === undefined
      ? 'each module on its own database'
      : running.database.kind === 'embedded'
        ? `embedded PostgreSQL in ${config.database.dataDir}`
        : 'PostgreSQL from DATABASE_URL';
  const remote = topology?.remote.map(({ module, url }) => `${module.name} at ${url}`) ?? [];
  const unreachable = topology?.unreachable ?? [];
  process.stdout.write(
    [
      '',
      `  Tessera is running (${database})`,
      `  Modules: ${topology?.hosted.map((module) => module.name).join(', ')}${remote.length > 0 ? `; reaching ${remote.join(', ')}` : ''}`,
      `  Events:  ${config.broker.url ? `RabbitMQ (${config.broker.namespace})` : 'in-process'}`,
      ...(unreachable.length > 0
        ? [
            `  Not served here: ${unreachable.join(', ')} (set ${unreachable.map((name) => `${name.toUpperCase()}_URL`).join(' / ')} to proxy their routes through this process)`,
          ]
        : []),
      ...(running.pages ? [`  Shop:    ${running.url}/`, `  Console: ${running.url}/console`] : []),
      `  API:     ${running.url}/api`,
      `  OpenAPI: ${running.url}/docs`,
      `  Health:  ${running.url}/health`,
      ...(config.tracing.tracesUrl ? [`  Traces:  ${config.tracing.tracesUrl} as ${config.tracing.serviceName}`] : []),
      '',
    ].join('\n') + '\n',
  );
  logger.info({ url: running.url }, 'Tessera started');
}
