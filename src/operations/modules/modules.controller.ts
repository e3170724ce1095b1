import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../shared/auth/roles.decorator.js';
import { ModuleOverview } from './module-overview.js';
import { ModuleOverviewResponse } from './module-overview.response.js';

/** Operations: every module, where it runs, whether it answers, and how its events flow. */
@ApiTags('operations')
@Roles('admin')
@Controller('api/admin/modules')
export class ModulesController {
  constructor(private readonly overview: ModuleOverview) {}

  @ApiOperation({
    operationId: 'listModules',
    summary: 'Every module: its declaration, where it runs, its health and its messaging',
  })
  @Get()
  @ApiOkResponse({
    type: ModuleOverviewResponse,
    description:
      'Modules in other processes are asked there; one that does not answer is `down`, with the reason in `problem`.',
  })
  list(): Promise<ModuleOverviewResponse> {
    return this.overview.read();
  }
}
