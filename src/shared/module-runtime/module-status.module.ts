import { Global, Module } from '@nestjs/common';
import { ModuleStatusRegistry } from './module-status.registry.js';

/** One registry per process, which each hosted module and each remote module's wiring registers with. */
@Global()
@Module({ providers: [ModuleStatusRegistry], exports: [ModuleStatusRegistry] })
export class ModuleStatusModule {}
