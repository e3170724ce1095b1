import { TESSERA_MODULES, type TesseraModule } from './module-registry.js';
import { type AppConfig, ConfigError, MIN_SERVICE_TOKEN_LENGTH } from './shared/config/index.js';

/** Which modules this process hosts, and how it reaches the others — decided by configuration alone. */
export interface Topology {
  readonly hosted: readonly TesseraModule[];
  /** Modules hosted elsewhere that this process reaches by URL (facade calls and the public-route proxy). */
  readonly remote: readonly { readonly module: TesseraModule; readonly url: string }[];
  /** Modules neither hosted nor reached: their routes answer 404 here (fine for an extracted module's process). */
  readonly unreachable: readonly string[];
  /** True when some module runs in another process: a broker and a service secret are then required. */
  readonly split: boolean;
  /** The name this process gives itself in service tokens and logs, e.g. `catalog` or `orders+users`. */
  readonly processName: string;
}

/**
 * Validates MODULES, `<MODULE>_URL` and `<MODULE>_DATABASE_URL` against the
 * modules of the code base and their declared dependencies; every problem is
 * one line naming the variable.
 */
export function resolveTopology(config: AppConfig, modules: readonly TesseraModule[] = TESSERA_MODULES): Topology {
  const problems: string[] = [];
  const names = modules.map((module) => module.name);
  const known = (name: string) => names.includes(name);
  const requested = config.topology.modules ?? names;
  for (const name of requested) {
    if (!known(name)) problems.push(`MODULES must name modules among ${names.join(', ')} (got "${name}")`);
  }
  const hosted = modules.filter((module) => requested.includes(module.name));
  const remote: { module: TesseraModule; url: string }[] = [];
  for (const [name, url] of Object.entries(config.topology.moduleUrls)) {
    const variable = `${name.toUpperCase()}_URL`;
    const module = modules.find((candidate) => candidate.name === name);
    if (!module) problems.push(`${variable} must name a module among ${names.join(', ')} (no module "${name}")`);
    else if (hosted.includes(module))
      problems.push(`${variable} must not be set: ${name} is hosted by this process (MODULES)`);
    else remote.push({ module, url });
  }
  for (const name of Object.keys(config.database.moduleUrls)) {
    if (!known(name))
      problems.push(
        `${name.toUpperCase()}_DATABASE_URL must name a module among ${names.join(', ')} (no module "${name}")`,
      );
  }
  for (const module of hosted) {
    for (const dependency of module.definition.dependsOn) {
      if (!requested.includes(dependency) && !(dependency in config.topology.moduleUrls)) {
        problems.push(
          `${dependency.toUpperCase()}_URL must be set: ${module.name} (hosted) calls ${dependency}, which this process does not host`,
        );
      }
    }
  }
  const split = hosted.length < modules.length;
  if (split && (config.topology.serviceToken?.length ?? 0) < MIN_SERVICE_TOKEN_LENGTH) {
    problems.push(
      `SERVICE_TOKEN must be set to at least ${MIN_SERVICE_TOKEN_LENGTH} characters when modules run in several processes (MODULES is ${requested.join(',')})`,
    );
  }
  if (split && config.broker.url === undefined) {
    problems.push(
      `BROKER_URL must be set (amqp://…) when modules run in several processes (MODULES is ${requested.join(',')})`,
    );
  }
  if (hosted.length === 0 && problems.length === 0) problems.push('MODULES must name at least one module');
  if (problems.length > 0) throw new ConfigError(problems);
  const unreachable = modules
    .filter((module) => !hosted.includes(module) && !remote.some((entry) => entry.module === module))
    .map((module) => module.name);
  return { hosted, remote, unreachable, split, processName: hosted.map((module) => module.name).join('+') };
}
