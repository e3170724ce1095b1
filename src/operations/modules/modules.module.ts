import { Module } from '@nestjs/common';
import { InternalModulesController } from './internal-modules.controller.js';
import { ModuleOverview } from './module-overview.js';
import { ModulesController } from './modules.controller.js';

/** The operators' map of the deployment: every module's declaration beside how it runs right now. */
@Module({ controllers: [ModulesController, InternalModulesController], providers: [ModuleOverview] })
export class ModulesModule {}
