import { TESSERA_MODULES } from '../../../src/module-registry.js';

/**
 * Which processes a stage runs and what each hosts and reaches: the layout the
 * topology suites start (`Deployment.start`) and the Kubernetes overlays under
 * deploy/ must match (test/deploy/overlay-topology.spec.ts). Derived from the
 * module definitions, so a new module joins every stage. No I/O here.
 */
export const ALL_MODULES: readonly string[] = TESSERA_MODULES.map((module) => module.name);
export type ModuleName = string;

/** The modules a module calls through their facades, from its definition. */
const dependenciesOf = (name: ModuleName): readonly ModuleName[] =>
  TESSERA_MODULES.find((module) => module.name === name)?.definition.dependsOn ?? [];

export type Stage =
  { kind: 'macro' } | { kind: 'mini'; extracted: ModuleName } | { kind: 'micro'; extracted: ModuleName };

/** The stage each topology name stands for: the suites' default split is catalog alone. */
export const NAMED_STAGES = {
  macro: { kind: 'macro' },
  mini: { kind: 'mini', extracted: 'catalog' },
  micro: { kind: 'micro', extracted: 'catalog' },
} as const satisfies Record<string, Stage>;

export interface StageProcess {
  /** `main` serves the public API; an extracted module's process is named after the module. */
  readonly name: string;
  readonly hosts: readonly ModuleName[];
  /** Modules hosted elsewhere that this process reaches by `<MODULE>_URL`. */
  readonly reaches: readonly ModuleName[];
  /** The modules of this process that run on a database of their own (`<MODULE>_DATABASE_URL`). */
  readonly ownDatabases: readonly ModuleName[];
}

export function stageProcesses(stage: Stage): StageProcess[] {
  if (stage.kind === 'macro') return [{ name: 'main', hosts: [...ALL_MODULES], reaches: [], ownDatabases: [] }];
  const rest = ALL_MODULES.filter((module) => module !== stage.extracted);
  return [
    // The process that serves the public API reaches every module it does not host (proxy + facades).
    { name: 'main', hosts: rest, reaches: [stage.extracted], ownDatabases: [] },
    {
      name: stage.extracted,
      hosts: [stage.extracted],
      // Only what the extracted module calls; it proxies nothing.
      reaches: dependenciesOf(stage.extracted),
      ownDatabases: stage.kind === 'micro' ? [stage.extracted] : [],
    },
  ];
}
