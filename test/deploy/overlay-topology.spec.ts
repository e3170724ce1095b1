import path from 'node:path';
import {
  DEPLOY_DIR,
  type KubernetesObject,
  OVERLAYS,
  parseManifests,
  renderOverlay,
} from '../../scripts/deploy/manifests.mjs';
import { TESSERA_MODULES } from '../../src/module-registry.js';
import {
  type AppConfig,
  CONFIGURATION_VARIABLES,
  ConfigError,
  loadConfig,
  MODULE_VARIABLE_FAMILIES,
} from '../../src/shared/config/index.js';
import { parseExtractArgs } from '../../src/cli/extraction/extract-options.js';
import { resolveTopology, type Topology } from '../../src/topology.js';
import { NAMED_STAGES, type StageProcess, stageProcesses } from '../topologies/support/stage-processes.js';
import { describeWithKubectl } from './support/kubectl.js';

/**
 * Each overlay under deploy/overlays/ is the topology of the same name that the topology suites run:
 * the same processes, each hosting and reaching the same modules, with an environment Tessera's own
 * configuration accepts (Secrets stand in as placeholders of the form their producers write), and
 * network policies that allow exactly the flows those processes need.
 */
const { describe: describeRendered, reason } = describeWithKubectl();
const MODULE_NAMES = TESSERA_MODULES.map((module) => module.name);
const PORT = 3000;

type Env = Record<string, string>;
interface Pod {
  readonly owner: string;
  readonly labels: Record<string, string>;
  readonly spec: any;
}

const named = (objects: KubernetesObject[], kind: string, name: string) => {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the overlay`);
  return found;
};

/** What a Secret's producer would put there: CloudNativePG's `uri`, the operator's broker, our own secrets. */
function placeholder(objects: KubernetesObject[], variable: string, secret: string, key: string): string {
  const namespace = objects[0].metadata.namespace ?? 'default';
  if (secret.endsWith('-app') && key === 'uri') {
    const cluster = secret.replace(/-app$/, '');
    const initdb = named(objects, 'Cluster', cluster).spec.bootstrap.initdb;
    return `postgresql://${initdb.owner}:generated-password@${cluster}-rw.${namespace}:5432/${initdb.database}`;
  }
  if (variable === 'DATABASE_URL' || MODULE_VARIABLE_FAMILIES.databaseUrl.test(variable))
    throw new Error(`${variable} must come from CloudNativePG's <cluster>-app Secret, key uri`);
  const values: Env = {
    JWT_SECRET: 'jwt-secret-placeholder-of-48-characters-00000000',
    SERVICE_TOKEN: 'service-token-placeholder-of-48-characters-000000',
    METRICS_TOKEN: 'metrics-token-placeholder-32-chars',
    ADMIN_EMAIL: 'admin@example.com',
    ADMIN_PASSWORD: 'admin-password-placeholder',
  };
  if (variable === 'BROKER_URL') {
    const brokers = objects.filter((object) => object.kind === 'RabbitmqCluster');
    if (brokers.length !== 1) throw new Error('BROKER_URL is set but the overlay has no RabbitmqCluster');
    return `amqp://default_user_generated:generated-password@${brokers[0].metadata.name}.${namespace}:5672`;
  }
  if (!(variable in values)) throw new Error(`${variable} comes from Secret ${secret}, and no placeholder is known`);
  return values[variable];
}

/** Variables whose values are secrets: they must come from Secrets, never a ConfigMap or the manifest. */
const SECRET_VARIABLE =
  /^(JWT_SECRET|SERVICE_TOKEN|METRICS_TOKEN|ADMIN_PASSWORD|BROKER_URL|([A-Z][A-Z0-9]*_)?DATABASE_URL)$/;

/** A container's environment (ConfigMaps resolved, Secrets as placeholders), the Secrets it names, what came from them. */
function environmentOf(
  objects: KubernetesObject[],
  container: any,
): { env: Env; secrets: Set<string>; fromSecrets: Set<string> } {
  const env: Env = {};
  const secrets = new Set<string>();
  const fromSecrets = new Set<string>();
  for (const source of container.envFrom ?? []) {
    if (!source.configMapRef) throw new Error(`${container.name}: envFrom other than a ConfigMap cannot be checked`);
    Object.assign(env, named(objects, 'ConfigMap', source.configMapRef.name).data);
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (variable.valueFrom?.configMapKeyRef) {
      const { name, key } = variable.valueFrom.configMapKeyRef;
      env[variable.name] = named(objects, 'ConfigMap', name).data[key];
    } else if (variable.valueFrom?.secretKeyRef) {
      const { name, key } = variable.valueFrom.secretKeyRef;
      secrets.add(name);
      fromSecrets.add(variable.name);
      env[variable.name] = placeholder(objects, variable.name, name, key);
    } else throw new Error(`${container.name}: ${variable.name} has a source this check does not know`);
    // A later envFrom/env entry could not shadow it: env wins over envFrom, and names are unique.
    if (!variable.valueFrom?.secretKeyRef) fromSecrets.delete(variable.name);
  }
  return { env, secrets, fromSecrets };
}

const readByTessera = (variable: string) => {
  if (CONFIGURATION_VARIABLES.includes(variable)) return true;
  const family = MODULE_VARIABLE_FAMILIES.databaseUrl.exec(variable) ?? MODULE_VARIABLE_FAMILIES.url.exec(variable);
  return family !== null && MODULE_NAMES.includes(family[1].toLowerCase());
};

function configOf(env: Env): AppConfig {
  try {
    return loadConfig(env, { modules: MODULE_NAMES });
  } catch (error) {
    if (error instanceof ConfigError)
      throw new Error(`Tessera refuses this environment:\n${error.problems.join('\n')}`, { cause: error });
    throw error;
  }
}

function topologyOf(config: AppConfig): Topology {
  try {
    return resolveTopology(config);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new Error(`Tessera refuses this topology:\n${error.problems.join('\n')}`, {
        cause: error,
      });
    throw error;
  }
}

const sorted = <T>(values: Iterable<T>) => [...values].sort();

function podsOf(objects: KubernetesObject[]): Pod[] {
  return objects
    .filter((object) => object.kind === 'Deployment' || object.kind === 'Job')
    .map((object) => ({
      owner: `${object.kind} ${object.metadata.name}`,
      labels: object.spec.template.metadata.labels,
      spec: object.spec.template.spec,
    }));
}

function selects(selector: any, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const { key, operator, values } of selector?.matchExpressions ?? []) {
    const has = key in labels;
    if (operator === 'In' && !(has && values.includes(labels[key]))) return false;
    if (operator === 'NotIn' && has && values.includes(labels[key])) return false;
    if (operator === 'Exists' && !has) return false;
    if (operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** The flows the network policies allow a pod, one line per peer and ports, e.g. `postgres tessera-db 5432/TCP`. */
function allowedFlows(objects: KubernetesObject[], pod: Pod, direction: 'Ingress' | 'Egress') {
  const policies = objects.filter(
    (object) =>
      object.kind === 'NetworkPolicy' &&
      selects(object.spec.podSelector, pod.labels) &&
      (object.spec.policyTypes ?? ['Ingress']).includes(direction),
  );
  const brokers = objects.filter((object) => object.kind === 'RabbitmqCluster').map((object) => object.metadata.name);
  const peerNames = (peer: any): string[] => {
    const podLabels = peer.podSelector?.matchLabels ?? {};
    if (peer.ipBlock) return [`ipBlock ${peer.ipBlock.cidr}`];
    if (peer.namespaceSelector) {
      const namespace = peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'] ?? '(any namespace)';
      return [namespace === 'kube-system' && podLabels['k8s-app'] === 'kube-dns' ? 'dns' : `namespace ${namespace}`];
    }
    if (podLabels['cnpg.io/cluster']) return [`postgres ${podLabels['cnpg.io/cluster']}`];
    if (brokers.includes(podLabels['app.kubernetes.io/name'])) return ['broker'];
    const matched = podsOf(objects).filter((other) => selects(peer.podSelector, other.labels));
    return matched.length > 0
      ? matched.map((other) => `process ${other.labels['app.kubernetes.io/component']}`)
      : [`unmatched ${JSON.stringify(peer)}`];
  };
  const flows = new Set<string>();
  for (const policy of policies) {
    for (const rule of policy.spec[direction === 'Ingress' ? 'ingress' : 'egress'] ?? []) {
      const ports =
        (rule.ports ?? []).map((port: any) => `${port.port}/${port.protocol ?? 'TCP'}`).join(' ') || 'any port';
      const peers = rule[direction === 'Ingress' ? 'from' : 'to'] ?? [];
      for (const peer of peers.length > 0 ? peers : [{ anywhere: true }])
        for (const name of peer.anywhere ? ['anywhere'] : peerNames(peer)) flows.add(`${name} ${ports}`);
    }
  }
  return { isolated: policies.length > 0, flows: sorted(flows) };
}

describeRendered(`the overlays are the suites' topologies${reason}`, () => {
  describe.each(OVERLAYS)('%s', (overlay) => {
    const stage = NAMED_STAGES[overlay as keyof typeof NAMED_STAGES];
    const layouts = stageProcesses(stage);
    let objects: KubernetesObject[];
    beforeAll(() => {
      objects = parseManifests(renderOverlay(path.join(DEPLOY_DIR, 'overlays', overlay)));
    });
    const deploymentOf = (layout: StageProcess) => named(objects, 'Deployment', `tessera-${layout.name}`);
    const containerOf = (layout: StageProcess, name: string, init = false) => {
      const spec = deploymentOf(layout).spec.template.spec;
      return (init ? spec.initContainers : spec.containers).find((container: any) => container.name === name);
    };
    /** The Deployment that runs a module, as the processes of the suites place it. */
    const hostOf = (module: string) => layouts.find((layout) => layout.hosts.includes(module))!;

    it(`runs the processes of the suites' ${overlay} topology (${layouts.map((layout) => layout.name).join(', ')})`, () => {
      const deployments = objects.filter((object) => object.kind === 'Deployment');
      expect(
        sorted(deployments.map((object) => object.spec.template.metadata.labels['app.kubernetes.io/component'])),
      ).toEqual(sorted(layouts.map((layout) => layout.name)));
      expect(sorted(deployments.map((object) => object.metadata.name))).toEqual(
        sorted(layouts.map((layout) => `tessera-${layout.name}`)),
      );
    });

    it.each(layouts.map((layout) => [layout.name, layout] as const))(
      "the %s process's environment is one Tessera accepts, hosting and reaching what the suites' does",
      (_name, layout) => {
        const { env, fromSecrets } = environmentOf(objects, containerOf(layout, 'tessera'));
        expect(Object.keys(env).filter((variable) => !readByTessera(variable))).toEqual([]);
        const config = configOf(env);
        expect(config.ignoredVariables).toEqual([]);
        const topology = topologyOf(config);
        expect(sorted(topology.hosted.map((module) => module.name))).toEqual(sorted(layout.hosts));
        expect(sorted(topology.remote.map((entry) => entry.module.name))).toEqual(sorted(layout.reaches));
        expect(sorted(Object.keys(config.database.moduleUrls))).toEqual(sorted(layout.ownDatabases));
        // The shared database only where some hosted module lives there; the broker once modules are split.
        const onShared = layout.hosts.some((module) => !layout.ownDatabases.includes(module));
        expect(config.database.url !== undefined).toBe(onShared);
        expect(config.broker.url !== undefined).toBe(topology.split);
        expect(config.env).toBe('production');
        expect(config.http.port).toBe(PORT);
        // Secrets hold the secrets: none of them sits in a ConfigMap or in the manifest.
        const secretVariables = Object.keys(env).filter((variable) => SECRET_VARIABLE.test(variable));
        expect(secretVariables.filter((variable) => !fromSecrets.has(variable))).toEqual([]);
        expect(secretVariables).toEqual(expect.arrayContaining(['JWT_SECRET']));
        const inConfigMaps = objects
          .filter((object) => object.kind === 'ConfigMap')
          .flatMap((object) => Object.keys(object.data ?? {}).filter((variable) => SECRET_VARIABLE.test(variable)));
        expect(inConfigMaps).toEqual([]);
      },
    );

    it.each(layouts.map((layout) => [layout.name, layout] as const))(
      'the %s process reaches each remote module at a Service of the process hosting it',
      (_name, layout) => {
        const config = configOf(environmentOf(objects, containerOf(layout, 'tessera')).env);
        for (const [module, url] of Object.entries(config.topology.moduleUrls)) {
          const { hostname, port } = new URL(url);
          const service = named(objects, 'Service', hostname);
          const target = deploymentOf(hostOf(module));
          expect(selects({ matchLabels: service.spec.selector }, target.spec.template.metadata.labels)).toBe(true);
          const servicePort = service.spec.ports.find((entry: any) => String(entry.port) === port);
          expect(servicePort?.targetPort).toBe('http');
          const container = target.spec.template.spec.containers.find((entry: any) => entry.name === 'tessera');
          expect(container.ports).toEqual([{ name: 'http', containerPort: PORT }]);
        }
      },
    );

    it.each(layouts.map((layout) => [layout.name, layout] as const))(
      "the %s process's init container migrates exactly its modules, on the same databases",
      (_name, layout) => {
        const init = containerOf(layout, 'migrate', true);
        expect(init.command).toEqual(['node', 'dist/src/cli/migrate.js']);
        const app = configOf(environmentOf(objects, containerOf(layout, 'tessera')).env);
        const migrate = configOf(environmentOf(objects, init).env);
        expect(migrate.topology.modules).toEqual(app.topology.modules);
        expect(migrate.database.url).toEqual(app.database.url);
        expect(migrate.database.moduleUrls).toEqual(app.database.moduleUrls);
      },
    );

    it('the migration Job migrates every module, each on its database', () => {
      const job = named(objects, 'Job', 'tessera-migrate');
      const [container] = job.spec.template.spec.containers;
      expect(container.command).toEqual(['node', 'dist/src/cli/migrate.js']);
      expect(job.spec.parallelism).toBe(1);
      const config = configOf(environmentOf(objects, container).env);
      expect(config.topology.modules).toBeUndefined();
      expect(config.database.url).toBeDefined();
      expect(sorted(Object.keys(config.database.moduleUrls))).toEqual(
        sorted(layouts.flatMap((layout) => layout.ownDatabases)),
      );
      for (const layout of layouts) {
        const app = configOf(environmentOf(objects, containerOf(layout, 'tessera')).env);
        for (const [module, url] of Object.entries(app.database.moduleUrls))
          expect(config.database.moduleUrls[module]).toBe(url);
        if (app.database.url) expect(config.database.url).toBe(app.database.url);
      }
    });

    it('every Tessera pod is isolated, and its network policies allow exactly the flows the topology needs', () => {
      const databasesOf = (container: any) =>
        [...environmentOf(objects, container).secrets]
          .filter((secret) => secret.endsWith('-app'))
          .map((secret) => `postgres ${secret.replace(/-app$/, '')} 5432/TCP`);
      const split = layouts.length > 1;
      const expected = (pod: Pod): { ingress: string[]; egress: string[] } => {
        const dns = 'dns 53/UDP 53/TCP';
        if (pod.owner === 'Job tessera-migrate')
          return { ingress: [], egress: sorted([dns, ...databasesOf(pod.spec.containers[0])]) };
        const layout = layouts.find((entry) => entry.name === pod.labels['app.kubernetes.io/component'])!;
        const callers = layouts.filter((other) => other.reaches.some((module) => layout.hosts.includes(module)));
        return {
          ingress: sorted([
            ...(layout.name === 'main' ? [`namespace ingress-nginx ${PORT}/TCP`] : []),
            ...callers.map((caller) => `process ${caller.name} ${PORT}/TCP`),
          ]),
          egress: sorted([
            dns,
            ...databasesOf(pod.spec.containers[0]),
            ...(split ? ['broker 5672/TCP'] : []),
            ...new Set(layout.reaches.map((module) => `process ${hostOf(module).name} ${PORT}/TCP`)),
          ]),
        };
      };
      for (const pod of podsOf(objects)) {
        const ingress = allowedFlows(objects, pod, 'Ingress');
        const egress = allowedFlows(objects, pod, 'Egress');
        expect({ pod: pod.owner, ingress: ingress.isolated, egress: egress.isolated }).toEqual({
          pod: pod.owner,
          ingress: true,
          egress: true,
        });
        expect({ pod: pod.owner, ingress: ingress.flows, egress: egress.flows }).toEqual({
          pod: pod.owner,
          ...expected(pod),
        });
      }
    });

    it('every Tessera pod runs as non-root on a read-only root filesystem, with requests and limits', () => {
      for (const pod of podsOf(objects)) {
        expect({ pod: pod.owner, runAsNonRoot: pod.spec.securityContext?.runAsNonRoot }).toEqual({
          pod: pod.owner,
          runAsNonRoot: true,
        });
        for (const container of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
          const where = `${pod.owner} ${container.name}`;
          expect({ where, ...container.securityContext }).toMatchObject({
            where,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          });
          expect({ where, requests: Object.keys(container.resources.requests ?? {}) }).toEqual({
            where,
            requests: ['cpu', 'memory'],
          });
          expect({ where, limits: Object.keys(container.resources.limits ?? {}) }).toEqual({
            where,
            limits: ['cpu', 'memory'],
          });
        }
      }
    });

    it.each(layouts.map((layout) => [layout.name, layout] as const))(
      'the %s process: liveness does not depend on PostgreSQL or RabbitMQ, readiness on its own ones does',
      (_name, layout) => {
        const container = containerOf(layout, 'tessera');
        for (const probe of [container.livenessProbe, container.startupProbe]) {
          // Any HTTP answer counts: /health/local's 503 during an outage must not restart the process.
          expect(probe.httpGet).toBeUndefined();
          expect(probe.exec.command.join(' ')).toMatch(/process\.exit\(0\)/);
        }
        expect(container.readinessProbe.httpGet).toEqual({ path: '/health/local', port: 'http' });
        const name = deploymentOf(layout).metadata.name;
        expect(named(objects, 'PodDisruptionBudget', name).spec.selector.matchLabels).toEqual(
          deploymentOf(layout).spec.selector.matchLabels,
        );
        expect(named(objects, 'HorizontalPodAutoscaler', name).spec.scaleTargetRef).toEqual({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name,
        });
      },
    );
  });
});

describeRendered(`the one-off extraction Jobs run in micro's namespace${reason}`, () => {
  let micro: KubernetesObject[];
  beforeAll(() => {
    micro = parseManifests(renderOverlay(path.join(DEPLOY_DIR, 'overlays', 'micro')));
  });
  const jobOf = (folder: string) => {
    const objects = parseManifests(renderOverlay(path.join(DEPLOY_DIR, folder)));
    expect(objects.map((object) => `${object.kind} ${object.metadata.namespace}`)).toEqual(['Job tessera']);
    return objects[0];
  };

  it.each([
    ['operations/catalog-extract', 'to', 'catalog', 'tessera-catalog-db'],
    ['operations/catalog-extract-back', 'back', 'catalog', 'tessera-db'],
  ])('%s: `extract %s` of %s into %s, reaching both databases only', (folder, mode, module, target) => {
    const job = jobOf(folder);
    const [container] = job.spec.template.spec.containers;
    expect(container.command.slice(0, 2)).toEqual(['node', 'dist/src/cli/extract.js']);
    const { env } = environmentOf(micro, container);
    const options = parseExtractArgs(container.command.slice(2), env);
    expect(options).toMatchObject({ mode, module });
    const config = configOf(env);
    const source = mode === 'to' ? config.database.url : config.database.moduleUrls[module];
    const destination = mode === 'to' && options.mode === 'to' ? options.to : config.database.url;
    expect(new URL(destination!).hostname).toBe(`${target}-rw.tessera`);
    expect(source).toBeDefined();
    expect(source).not.toBe(destination);
    const pod: Pod = { owner: `Job ${job.metadata.name}`, labels: job.spec.template.metadata.labels, spec: {} };
    expect(allowedFlows(micro, pod, 'Egress').flows).toEqual([
      'dns 53/UDP 53/TCP',
      'postgres tessera-catalog-db 5432/TCP',
      'postgres tessera-db 5432/TCP',
    ]);
    expect(allowedFlows(micro, pod, 'Ingress')).toEqual({ isolated: true, flows: [] });
  });
});
