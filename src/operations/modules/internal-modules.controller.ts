import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ServiceOnly } from '../../shared/auth/service-only.decorator.js';
import { type ModuleStatus, ModuleStatusRegistry } from '../../shared/module-runtime/index.js';

/** How this process's own modules stand, for the operations API of the other processes. Service tokens only. */
@ApiExcludeController()
@ServiceOnly()
@Controller('internal/operations/modules')
export class InternalModulesController {
  constructor(private readonly statuses: ModuleStatusRegistry) {}

  @Get()
  async list(): Promise<{ items: ModuleStatus[] }> {
    return { items: await this.statuses.listLocal() };
  }
}
