import { SeededRandom } from './seeded-random.js';

/** What a fault does, to which part, for how long. */
export type Fault =
  | { readonly kind: 'kill'; readonly process: string; readonly downMs: number }
  | { readonly kind: 'broker-down'; readonly downMs: number }
  | { readonly kind: 'database-connections-killed'; readonly module: string }
  | { readonly kind: 'database-stall'; readonly process: string; readonly stallMs: number }
  | { readonly kind: 'link-cut'; readonly module: string; readonly downMs: number }
  | { readonly kind: 'partition'; readonly process: string; readonly downMs: number };

export interface ScheduledFault {
  /** From the start of the load. */
  readonly atMs: number;
  readonly fault: Fault;
}

/** The parts of a deployment faults can hit. */
export interface FaultTargets {
  readonly processes: readonly string[];
  readonly modules: readonly string[];
  /** Modules another process reaches over HTTP (the link main → the extracted process). */
  readonly remoteModules: readonly string[];
  readonly broker: boolean;
  /** The process in a network namespace of its own, whose link can be taken down; none without root. */
  readonly isolated?: string;
}

/**
 * The faults of one run, from the seed alone: one after another, a quiet gap
 * between them, each kind drawn among those the deployment has. The same seed
 * and targets give the same schedule.
 */
export function faultSchedule(seed: number, targets: FaultTargets, durationMs: number): ScheduledFault[] {
  const random = new SeededRandom(seed);
  const kinds: Fault['kind'][] = ['kill', 'database-connections-killed', 'database-stall'];
  if (targets.broker) kinds.push('broker-down');
  if (targets.remoteModules.length > 0) kinds.push('link-cut');
  if (targets.isolated) kinds.push('partition');
  const schedule: ScheduledFault[] = [];
  let at = random.between(1_000, 2_500);
  while (at < durationMs) {
    const fault = draw(random, random.pick(kinds), targets);
    schedule.push({ atMs: at, fault });
    at += lasting(fault) + random.between(1_500, 4_000);
  }
  return schedule;
}

function draw(random: SeededRandom, kind: Fault['kind'], targets: FaultTargets): Fault {
  switch (kind) {
    case 'kill':
      return { kind, process: random.pick(targets.processes), downMs: random.between(200, 1_500) };
    case 'broker-down':
      return { kind, downMs: random.between(500, 3_000) };
    case 'database-connections-killed':
      return { kind, module: random.pick(targets.modules) };
    case 'database-stall':
      return { kind, process: random.pick(targets.processes), stallMs: random.between(200, 2_000) };
    case 'link-cut':
      return { kind, module: random.pick(targets.remoteModules), downMs: random.between(500, 3_000) };
    case 'partition':
      return { kind, process: targets.isolated!, downMs: random.between(500, 3_000) };
  }
}

/** How long a fault keeps its part away. */
export function lasting(fault: Fault): number {
  if (fault.kind === 'database-connections-killed') return 0;
  return fault.kind === 'database-stall' ? fault.stallMs : fault.downMs;
}

export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'kill':
      return `SIGKILL ${fault.process}, restarted after ${fault.downMs} ms`;
    case 'broker-down':
      return `broker unreachable for ${fault.downMs} ms`;
    case 'database-connections-killed':
      return `pg_terminate_backend on every ${fault.module} connection`;
    case 'database-stall':
      return `${fault.process}'s database connections stalled for ${fault.stallMs} ms`;
    case 'link-cut':
      return `link to ${fault.module} cut for ${fault.downMs} ms`;
    case 'partition':
      return `${fault.process}'s network namespace cut off (veth down) for ${fault.downMs} ms`;
  }
}
