import type { DynamicModule } from '@nestjs/common';
import type { ModuleDatabaseDefinition } from '../database/index.js';
import type { ModuleClass } from './module-class.js';
import type { ModuleDefinition } from './module-definition.js';

/** A module as the application sees it: its definition, its database, and the two ways to include it. */
export interface TesseraModule {
  readonly name: string;
  readonly definition: ModuleDefinition;
  readonly database: ModuleDatabaseDefinition;
  forRoot(): DynamicModule;
  forRemote(url: string): DynamicModule;
}

/** The modules of a build in dependency order (a module after those it calls), names breaking ties. */
export function tesseraModules(classes: readonly ModuleClass[]): readonly TesseraModule[] {
  const pending = [...classes].sort((a, b) => a.definition.name.localeCompare(b.definition.name));
  const ordered: ModuleClass[] = [];
  while (pending.length > 0) {
    const next = pending.findIndex((candidate) =>
      candidate.definition.dependsOn.every((name) => ordered.some((done) => done.definition.name === name)),
    );
    // The architecture gate refuses cycles and unknown names; this only guards a build that skipped it.
    if (next < 0)
      throw new Error(`module dependencies cannot be ordered: ${pending.map((m) => m.definition.name).join(', ')}`);
    ordered.push(...pending.splice(next, 1));
  }
  return ordered.map((module) => ({
    name: module.definition.name,
    definition: module.definition,
    database: module.database,
    forRoot: () => module.forRoot(),
    forRemote: (url) => module.forRemote(url),
  }));
}
