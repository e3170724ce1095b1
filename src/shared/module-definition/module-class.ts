import type { DynamicModule } from '@nestjs/common';
import type { ModuleDatabaseDefinition } from '../database/index.js';
import type { ModuleDefinition } from './module-definition.js';

/** The static side every `<Name>Module` class presents to the composition root. */
export interface ModuleClass {
  readonly definition: ModuleDefinition;
  /** The entities and migrations of its schema; read by `npm run migrate` and extraction. */
  readonly database: ModuleDatabaseDefinition;
  /** Host the module in this process. */
  forRoot(): DynamicModule;
  /** Reach the module in another process: facade over HTTP, public routes proxied. */
  forRemote(url: string): DynamicModule;
}
